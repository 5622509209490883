/**
 * Thrown instead of calling a system whose circuit breaker is open (or the call that opened it): the job is
 * parked, not retried, and resumes when the system answers again, without spending its attempts.
 */
export class SystemDown extends Error {
  override name = "SystemDown";

  constructor(
    readonly system: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
