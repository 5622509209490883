export { type Refunds, type RefundsOptions, type RefundsPorts, registerRefunds } from "./flow.js";
export type { NopRefundState, RefundsReadModel, RefundView } from "./read-model.js";
export { type RecordedRefunds, SqlRecordedRefunds } from "./recorded-refunds.js";
export { refundsFlow } from "./refund-actions.js";
export { type RecordedRefund, type RefundRecords, SqlRefundRecords } from "./refund-records.js";
export type { RefundOrigin, RefundState } from "./refunds-store.js";
