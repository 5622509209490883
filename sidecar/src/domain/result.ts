/**
 * The one shape of an expected outcome that is not a success (a decline, a refusal, a missing object): a value
 * the caller must look at, not an exception. Unexpected failures throw and are caught at the edge.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
