import type { WriteBackErrorCode } from "@nop-stripe/contract/write-back-schemas.js";

/** What a simulated nopCommerce operation answers: a value, or an error with its HTTP status. */
export type OpResult<T> = { ok: true; value: T } | { ok: false; failure: OpFailure };

export interface OpFailure {
  status: 404 | 409 | 422;
  code: WriteBackErrorCode;
  rule: string | null;
  message: string;
}

export const ok = <T>(value: T): OpResult<T> => ({ ok: true, value });
export const notFound = (what: string, id: number): OpResult<never> => ({
  ok: false,
  failure: { status: 404, code: "not_found", rule: null, message: `${what} ${id} not found` },
});
export const refused = (rule: string, message: string): OpResult<never> => ({
  ok: false,
  failure: { status: 409, code: "rule_refused", rule, message },
});
export const invalid = (message: string): OpResult<never> => ({
  ok: false,
  failure: { status: 422, code: "invalid_request", rule: null, message },
});
