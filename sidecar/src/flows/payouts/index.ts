export { type Payouts, type PayoutsOptions, type PayoutsPorts, registerPayouts } from "./flow.js";
export { backfillPayoutsJob, reconcilePayoutJob } from "./jobs.js";
export { payoutsFlow } from "./payout-actions.js";
export type { ExceptionRecord, ResolutionRequest } from "./plan-resolution.js";
export { ResolutionRefused, type ResolveRequest } from "./resolve-exception.js";
