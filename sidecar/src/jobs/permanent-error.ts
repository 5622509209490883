/**
 * What a permanent failure is about, as data: tools that suggest a fix (say, a mapping correction) read these
 * fields, not the message. Everything but `code` is optional: a rule refusal names no field.
 */
export interface Problem {
  /** Stable and machine-readable, e.g. `mapping_failed`, `stripe_object_invalid`, `nop_order_missing`. */
  code: string;
  /** The system whose data or answer is at fault: `stripe`, `nop`, `erp`, `wms`, or the sidecar's own. */
  system?: string;
  /** The field at fault, as a path (`billingAddress.countryCode`, `data.object.amount_received`). */
  field?: string;
  /** The value found there (JSON-serializable). */
  value?: unknown;
  /** The mapping that could not map it, as name@version. */
  mapping?: string;
  /** What the job was about, when it names one thing (an order's GUID): where a fix tool finds the source. */
  aggregate?: string;
}

export interface PermanentErrorDetails extends Partial<Problem> {
  /** For the person who will fix it. */
  suggestion?: string;
}

/**
 * A failure that retrying cannot fix (bad mapping, a rule refusal): the job goes to the dead-letter queue at
 * once, with a suggestion for the person who will fix it and the problem's structure for tools.
 */
export class PermanentError extends Error {
  override name = "PermanentError";
  readonly suggestion: string | undefined;
  readonly problem: Problem;

  /** `details`: a suggestion alone, or the problem's structure with one. */
  constructor(message: string, details: string | PermanentErrorDetails = {}) {
    super(message);
    const { suggestion, ...problem } = typeof details === "string" ? { suggestion: details } : details;
    this.suggestion = suggestion;
    this.problem = { code: "permanent", ...problem };
  }
}
