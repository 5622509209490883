export { riskCaptureGate } from "./capture-gate.js";
export { type Risk, type RiskOptions, type RiskPorts, registerRisk } from "./flow.js";
export type { RiskReviewView } from "./read-model.js";
export { ReviewRefused } from "./review-commands.js";
export { riskFlow } from "./risk-actions.js";
export type { BlocklistKind, ReviewStatus } from "./risk-store.js";
