/**
 * A failure that retrying cannot fix (bad mapping, a rule refusal): the job goes to the dead-letter queue at
 * once, with a suggestion for the person who will fix it.
 */
export class PermanentError extends Error {
  override name = "PermanentError";
  constructor(
    message: string,
    readonly suggestion?: string,
  ) {
    super(message);
  }
}
