import type { DisputeId } from "../../../domain/ids.js";
import type { LogEntry } from "../../../flow-kit/action-log.js";
import { mergeDispute, newDisputeRecord } from "../dispute-observation.js";
import type { DisputeObservation, DisputePatch, DisputeRecord, DisputesStore } from "../disputes-store.js";

/** The flow's store in memory, with the action log entries it wrote. */
export class InMemoryDisputesStore implements DisputesStore {
  private readonly disputes = new Map<string, DisputeRecord>();
  readonly log: LogEntry[] = [];

  async get(id: DisputeId) {
    return this.disputes.get(id);
  }

  async load(id: DisputeId) {
    const dispute = this.disputes.get(id);
    const done = new Set(this.log.filter((e) => e.aggregate === id && e.kind === "action").map((e) => e.key));
    return dispute ? { dispute, done } : undefined;
  }

  async observe(observation: DisputeObservation, event?: LogEntry) {
    if (event) await this.record(event);
    const stored = this.disputes.get(observation.disputeId);
    const next = stored ? mergeDispute(stored, observation).next : newDisputeRecord(observation);
    this.disputes.set(observation.disputeId, next);
    return next;
  }

  async update(id: DisputeId, patch: DisputePatch, entry?: LogEntry) {
    this.disputes.set(id, { ...this.disputes.get(id)!, ...patch });
    if (entry) await this.record(entry);
  }

  async linkOrder() {}

  async record(entry: LogEntry) {
    if (this.log.some((e) => e.key === entry.key)) return false;
    this.log.push(entry);
    return true;
  }

  /** The names of the actions done on a dispute, in order. */
  actions(id: DisputeId) {
    return this.log.filter((e) => e.aggregate === id && e.kind === "action").map((e) => e.name);
  }
}
