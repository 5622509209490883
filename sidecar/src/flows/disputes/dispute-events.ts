import type { DisputeRules } from "../../domain/dispute-rules.js";
import { isClosedDispute, isDisputeStatus } from "../../domain/dispute-state.js";
import { eventKey } from "../../flow-kit/action-key.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import type { JobSpec } from "../../jobs/job-queue.js";
import type { DisputeSnapshot, DisputesPort } from "../../ports/stripe-disputes.js";
import type { AdvanceDispute } from "./advance-dispute.js";
import { observationOf } from "./dispute-observation.js";
import type { DisputeRecord, DisputesStore } from "./disputes-store.js";
import { disputeDueSoonJob } from "./jobs.js";

/** Stripe's dispute webhooks the flow follows. */
export const disputeEventTypes = [
  "charge.dispute.created",
  "charge.dispute.updated",
  "charge.dispute.funds_withdrawn",
  "charge.dispute.funds_reinstated",
  "charge.dispute.closed",
] as const;

/**
 * A charge.dispute.* webhook -> the stored dispute (merged forward) -> the dispute advances. A closed dispute's
 * snapshot is final and taken as it is; an open one is re-fetched (the event's copy may be stale: created is sent
 * before the withdrawal). Duplicates and any order of arrival converge on the same state.
 */
export class HandleDisputeEvent {
  constructor(
    private readonly disputes: Pick<DisputesPort, "fromEvent" | "retrieve">,
    private readonly store: DisputesStore,
    private readonly advance: AdvanceDispute,
    private readonly enqueue: (jobs: JobSpec[]) => Promise<void>,
    private readonly rules: DisputeRules,
    private readonly stripeCall: <T>(what: string, fn: () => Promise<T>) => Promise<T>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  readonly handle = async (event: InboxEvent): Promise<void> => {
    const carried = this.disputes.fromEvent({ eventId: event.eventId, payload: event.payload });
    const snapshot = await this.current(carried);
    const observation = observationOf(snapshot);
    if (!observation) return; // a status of a newer API version: nothing this flow knows to do
    const stored = await this.store.observe(observation, {
      key: eventKey("stripe", event.eventId),
      aggregate: observation.disputeId,
      kind: "event",
      name: event.type,
      detail: { eventId: event.eventId, status: carried.status, observedStatus: observation.status },
    });
    await this.enqueue(this.dueSoonTimer(stored));
    await this.advance.run(stored.disputeId);
  };

  private async current(carried: DisputeSnapshot): Promise<DisputeSnapshot> {
    if (isDisputeStatus(carried.status) && isClosedDispute(carried.status)) return carried;
    const fetched = await this.stripeCall("re-fetch the dispute", () => this.disputes.retrieve(carried.id));
    return fetched.ok ? fetched.value : carried;
  }

  /** The timer that wakes the dispute when its due date nears; none once closed or submitted. */
  private dueSoonTimer(dispute: DisputeRecord): JobSpec[] {
    if (!dispute.dueBy || isClosedDispute(dispute.status) || dispute.submissionCount > 0) return [];
    const delayMs = Math.max(0, dispute.dueBy.getTime() - this.rules.dueSoonMs - this.now().getTime());
    const due = String(dispute.dueBy.getTime() / 1000);
    return [disputeDueSoonJob.with({ disputeId: dispute.disputeId }, { idParts: [dispute.disputeId, due], delayMs })];
  }
}
