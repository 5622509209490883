import type { RejectReason } from "../observability/metrics.js";

export { timestampProblem } from "@nop-stripe/contract/standard-webhooks.js";

export type Verified<T> = { ok: true; value: T } | { ok: false; reason: RejectReason; message: string };

export const reject = (reason: RejectReason, message: string): Verified<never> => ({ ok: false, reason, message });
