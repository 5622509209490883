export { disputesFlow } from "./dispute-actions.js";
export { DisputeEvidenceCommands, type EvidenceRefusal } from "./evidence-commands.js";
export { type Disputes, type DisputesOptions, type DisputesPorts, registerDisputes } from "./flow.js";
export { type DisputeFilter, DisputesReadModel, type DisputeView } from "./read-model.js";
