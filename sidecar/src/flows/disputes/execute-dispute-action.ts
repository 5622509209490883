import { decimalString } from "@nop-stripe/contract/decimal-string.js";
import { nopOrderId } from "@nop-stripe/contract/nop-ids.js";
import type { ErpPort } from "../../connectors/erp/erp-port.js";
import { NopRuleRefused } from "../../connectors/nop/nop-errors.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { WmsPort } from "../../connectors/wms/wms-port.js";
import { type DisputeRules, refundPolicyFor } from "../../domain/dispute-rules.js";
import { disputeOutcome } from "../../domain/dispute-state.js";
import { equals, formatMoney, parseMoney, subtract, toDecimalString } from "../../domain/money.js";
import type { ActionKey } from "../../flow-kit/action-key.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { ConnectorFailures } from "../../flow-kit/connector-failures.js";
import type { JobSpec } from "../../jobs/job-queue.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import { ConnectorRejected } from "../../ports/connector-errors.js";
import type { Notifier } from "../../ports/notifier.js";
import type { DisputesPort } from "../../ports/stripe-disputes.js";
import type { OrderOfPayment } from "../order-to-cash/index.js";
import { type DisputeAction, type DisputeActionName, disputeKey } from "./dispute-actions.js";
import { disputeJournalEntry } from "./dispute-journal.js";
import { observationOf } from "./dispute-observation.js";
import type { DisputePatch, DisputeRecord, DisputeState, DisputesStore, FulfillmentHold } from "./disputes-store.js";
import { draftEvidence } from "./draft-evidence.js";
import { advanceDisputeJob } from "./jobs.js";

export interface DisputeExecutorPorts {
  store: DisputesStore;
  nop: Pick<NopPort, "getOrder" | "addOrderNote" | "recordRefund" | "cancelOrder">;
  erp: Pick<ErpPort, "postJournalEntry" | "findJournalEntries">;
  wms: Pick<WmsPort, "holdFulfillmentRequest" | "releaseFulfillmentRequest" | "cancelFulfillmentRequest">;
  disputes: Pick<DisputesPort, "submitEvidence">;
  notifier: Notifier;
  enqueue: (jobs: JobSpec[]) => Promise<void>;
  failures: ConnectorFailures;
  rules: DisputeRules;
}

const outcomeWords = { won: "won", lost: "lost", warning_closed: "closed (inquiry)", prevented: "prevented" } as const;

/** Performs one planned action under its key, stores what changed with its log entry, returns the state after it. */
export class DisputeActionExecutor {
  constructor(private readonly ports: DisputeExecutorPorts) {}

  readonly execute = async (action: DisputeAction, state: DisputeState): Promise<DisputeState> => {
    const order = state.order;
    if (action.name === "unknown-order-alert") return this.unknownOrder(state);
    if (!order || order.nopOrderId === null) throw new Error(`${action.name}: the dispute's order is not known`);
    switch (action.name) {
      case "hold-fulfillment":
      case "hold-late-request":
        return this.hold(state, order, action.name);
      case "note-opened":
        return this.note(state, order, "note-opened", openedNote(state.dispute, order));
      case "alert-opened":
        return this.alert(state, "alert-opened", "warning", "dispute.opened", openedAlert(state.dispute, order));
      case "erp-withdrawal":
        return this.journal(state, order, "erp-withdrawal", "withdrawal");
      case "draft-evidence":
        return this.draft(state, order);
      case "submit-evidence":
        return this.submit(state);
      case "note-submitted":
        return this.note(state, order, "note-submitted", submittedNote(state.dispute));
      case "due-soon-alert":
        return this.alert(
          state,
          "due-soon-alert",
          "critical",
          "dispute.evidence_due_soon",
          dueSoonAlert(state.dispute, order),
        );
      case "erp-reinstatement":
        return this.journal(state, order, "erp-reinstatement", "reinstatement");
      case "erp-loss":
        return this.journal(state, order, "erp-loss", "loss");
      case "release-fulfillment":
        return this.changeFulfillment(state, order, "release-fulfillment", "released");
      case "cancel-fulfillment":
        return this.changeFulfillment(state, order, "cancel-fulfillment", "cancelled");
      case "nop-cancel":
        return this.cancelOrder(state, order);
      case "nop-record-loss":
        return this.recordLoss(state, order);
      case "note-closed":
        return this.note(state, order, "note-closed", closedNote(state.dispute));
    }
  };

  private key(state: DisputeState, name: DisputeActionName): ActionKey {
    return disputeKey(state.dispute.disputeId, name);
  }

  private entry(state: DisputeState, name: DisputeActionName, detail: Record<string, unknown>): LogEntry {
    return { key: this.key(state, name), aggregate: state.dispute.disputeId, kind: "action", name, detail };
  }

  private async finish(
    state: DisputeState,
    name: DisputeActionName,
    detail: Record<string, unknown>,
    patch?: DisputePatch,
  ): Promise<DisputeState> {
    const entry = this.entry(state, name, detail);
    if (patch) await this.ports.store.update(state.dispute.disputeId, patch, entry);
    else await this.ports.store.record(entry);
    return { ...state, dispute: { ...state.dispute, ...patch }, done: new Set([...state.done, entry.key]) };
  }

  private async unknownOrder(state: DisputeState): Promise<DisputeState> {
    const { dispute } = state;
    return this.alert(state, "unknown-order-alert", "warning", "dispute.unknown_payment", {
      message: `Stripe dispute ${dispute.disputeId} (${formatMoney(dispute.amount)}) is about a payment no order of this store is known for`,
      context: { disputeId: dispute.disputeId, chargeId: dispute.chargeId, paymentIntentId: dispute.paymentIntentId },
    });
  }

  private async alert(
    state: DisputeState,
    name: DisputeActionName,
    severity: "warning" | "critical",
    code: string,
    { message, context }: { message: string; context: Record<string, unknown> },
  ): Promise<DisputeState> {
    await this.ports.notifier.alert({ severity, code, message, context });
    return this.finish(state, name, { code, message });
  }

  /** Holds the WMS request; the WMS says when it has shipped already, which is then noted instead. */
  private async hold(
    state: DisputeState,
    order: OrderOfPayment,
    name: "hold-fulfillment" | "hold-late-request",
  ): Promise<DisputeState> {
    const requestId = order.wmsRequestId;
    if (!requestId) {
      // Order-to-cash may not have asked the warehouse yet: look again once (the job id makes it one).
      const { disputeId } = state.dispute;
      await this.ports.enqueue([
        advanceDisputeJob.with(
          { disputeId },
          { idParts: [disputeId, "fulfillment-recheck"], delayMs: this.ports.rules.fulfillmentRecheckMs },
        ),
      ]);
      return this.finish(state, name, { result: "no-request" }, { fulfillment: "no-request" });
    }
    const reason = `Stripe dispute ${state.dispute.disputeId} (${state.dispute.reason})`;
    const held = await this.ports.failures.call("wms", "hold the fulfillment request", () =>
      this.ports.wms.holdFulfillmentRequest(requestId, reason, this.key(state, name)),
    );
    const fulfillment: FulfillmentHold = held.ok
      ? "held"
      : held.error.kind === "already_shipped"
        ? "shipped"
        : "cancelled";
    return this.finish(state, name, { wmsRequestId: requestId, result: fulfillment }, { fulfillment });
  }

  private async changeFulfillment(
    state: DisputeState,
    order: OrderOfPayment,
    name: "release-fulfillment" | "cancel-fulfillment",
    wanted: "released" | "cancelled",
  ): Promise<DisputeState> {
    const { wms, failures } = this.ports;
    const id = order.wmsRequestId!;
    const key = this.key(state, name);
    const reason = `Stripe dispute ${state.dispute.disputeId} lost`;
    const changed = await failures.call(
      "wms",
      `${wanted === "released" ? "release" : "cancel"} the fulfillment request`,
      () =>
        wanted === "released" ? wms.releaseFulfillmentRequest(id, key) : wms.cancelFulfillmentRequest(id, reason, key),
    );
    // Cancelled or shipped meanwhile (by hand in the WMS): nothing left to change; the entry says what it found.
    const detail = { wmsRequestId: id, result: changed.ok ? changed.value.status : changed.error.kind };
    return this.finish(state, name, detail, { fulfillment: changed.ok ? wanted : state.dispute.fulfillment });
  }

  private async journal(
    state: DisputeState,
    order: OrderOfPayment,
    name: "erp-withdrawal" | "erp-reinstatement" | "erp-loss",
    kind: "withdrawal" | "reinstatement" | "loss",
  ): Promise<DisputeState> {
    const { dispute } = state;
    const move = kind === "reinstatement" ? dispute.reinstatement! : dispute.withdrawal!;
    // The withdrawal is dated when the dispute opened, the others when they are booked (the date is part of the
    // request the key stands for, so a retry on another day adopts the entry posted before).
    const date = kind === "withdrawal" ? dispute.openedAt : state.now;
    const draft = disputeJournalEntry(dispute, kind, move, order.customOrderNumber ?? order.orderGuid, date);
    const key = this.key(state, name);
    const posted = await this.ports.failures.call("erp", `post the dispute's ${kind} entry`, async () => {
      try {
        return await this.ports.erp.postJournalEntry(draft, key);
      } catch (error) {
        if (!(error instanceof ConnectorRejected && error.code === "idempotency_key_reused")) throw error;
        const earlier = (await this.ports.erp.findJournalEntries(draft.reference)).find((e) => e.memo === draft.memo);
        if (earlier) return earlier;
        throw error;
      }
    });
    return this.finish(state, name, {
      entryNumber: posted.entryNumber,
      id: posted.id,
      amount: move.amount.amount,
      fee: move.fee.amount,
      currency: move.amount.currency,
    });
  }

  private async draft(state: DisputeState, order: OrderOfPayment): Promise<DisputeState> {
    const read = await this.nopCall("read the order", () =>
      this.ports.nop.getOrder({ orderId: nopOrderId(order.nopOrderId!) }),
    );
    if (!read.ok) throw nopProblem("draft the evidence", read.error, order.nopOrderId);
    const evidence = draftEvidence({
      order: read.value.order,
      shipment: order.shipment,
      refundPolicy: refundPolicyFor(this.ports.rules, order.storeId),
    });
    return this.finish(
      state,
      "draft-evidence",
      { fields: Object.keys(evidence) },
      { evidence, evidenceState: "drafted" },
    );
  }

  /** Sends the approved evidence once (the key makes a retry the same request); Stripe's answer is merged. */
  private async submit(state: DisputeState): Promise<DisputeState> {
    const { dispute } = state;
    const submitted = await this.ports.failures.call("stripe", "submit the dispute evidence", () =>
      this.ports.disputes.submitEvidence(dispute.disputeId, dispute.evidence ?? {}, this.key(state, "submit-evidence")),
    );
    if (!submitted.ok)
      throw new PermanentError(`submit evidence for ${dispute.disputeId}: ${submitted.error.message}`, {
        code: `stripe_${submitted.error.kind}`,
        system: "stripe",
        value: dispute.disputeId,
        suggestion: "check the dispute in the Stripe dashboard",
      });
    const observed = observationOf(submitted.value);
    const merged = observed ? await this.ports.store.observe(observed) : dispute;
    const next = await this.finish(
      { ...state, dispute: merged },
      "submit-evidence",
      { approvedBy: dispute.evidenceApprovedBy, fields: Object.keys(dispute.evidence ?? {}), status: merged.status },
      { evidenceState: "submitted" },
    );
    return next;
  }

  /** The lost amount as nopCommerce records money returned outside its gateway: an offline (partial) refund. */
  private async recordLoss(state: DisputeState, order: OrderOfPayment): Promise<DisputeState> {
    const { dispute } = state;
    const orderId = nopOrderId(order.nopOrderId!);
    const read = await this.nopCall("read the order", () => this.ports.nop.getOrder({ orderId }));
    if (!read.ok) throw nopProblem("record the lost dispute", read.error, order.nopOrderId);
    const nop = read.value.order;
    const currency = nop.primaryStoreCurrencyCode;
    const total = parseMoney(nop.orderTotal, currency);
    const refunded = parseMoney(nop.refundedAmount, currency);
    // A charge partly refunded before the bank disputed it in full: nopCommerce can hold at most what is left.
    const left = subtract(total, refunded);
    const lost =
      dispute.amount.currency === left.currency && dispute.amount.amount > left.amount ? left : dispute.amount;
    const kind = refunded.amount === 0 && equals(total, lost) ? "full" : "partial";
    const amount = decimalString(toDecimalString(lost));
    const result = await this.nopCall("record the lost dispute as a refund", () =>
      this.ports.nop.recordRefund(
        { orderId, kind, amount, refundId: dispute.disputeId },
        { requestId: this.key(state, "nop-record-loss") },
      ),
    );
    if (result.ok)
      return this.finish(state, "nop-record-loss", {
        kind,
        amount,
        paymentStatusId: result.value.order.paymentStatusId,
        alreadyApplied: result.value.alreadyApplied,
      });
    if (!(result.error instanceof NopRuleRefused)) throw nopProblem("record the loss", result.error, order.nopOrderId);
    // Refunded already (by hand, say): the store is told, nothing is recorded twice.
    await this.ports.notifier.alert({
      severity: "warning",
      code: "dispute.nop_refused",
      message: `Dispute ${dispute.disputeId} lost, but nopCommerce refused to record ${amount} ${currency} on order ${nop.customOrderNumber}: ${result.error.message}`,
      context: { disputeId: dispute.disputeId, orderGuid: order.orderGuid },
    });
    return this.finish(state, "nop-record-loss", { kind, amount, refused: result.error.rule });
  }

  /** Cancels the order whose goods never left; a cancelled order is refused (never reopened, never restocked twice). */
  private async cancelOrder(state: DisputeState, order: OrderOfPayment): Promise<DisputeState> {
    const result = await this.nopCall("cancel the order", () =>
      this.ports.nop.cancelOrder(
        { orderId: nopOrderId(order.nopOrderId!), notifyCustomer: false },
        { requestId: this.key(state, "nop-cancel") },
      ),
    );
    if (!result.ok && !(result.error instanceof NopRuleRefused))
      throw nopProblem("cancel the order", result.error, order.nopOrderId);
    return this.finish(
      state,
      "nop-cancel",
      result.ok ? { orderStatusId: result.value.order.orderStatusId } : { refused: result.error.message },
    );
  }

  private async note(
    state: DisputeState,
    order: OrderOfPayment,
    name: "note-opened" | "note-submitted" | "note-closed",
    text: string,
  ): Promise<DisputeState> {
    const result = await this.nopCall("add an order note", () =>
      this.ports.nop.addOrderNote(
        { orderId: nopOrderId(order.nopOrderId!), note: text, displayToCustomer: false },
        { requestId: this.key(state, name) },
      ),
    );
    if (!result.ok) throw nopProblem("order note", result.error, order.nopOrderId);
    return this.finish(state, name, { note: text });
  }

  private nopCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return this.ports.failures.call("nop", what, fn);
  }
}

const nopProblem = (what: string, error: Error, value: unknown) =>
  new PermanentError(`${what}: ${error.message}`, {
    code: "nop_refused",
    system: "nop",
    value,
    suggestion: "check the order in nopCommerce",
  });

const day = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : "not set");

function openedNote(dispute: DisputeRecord, order: OrderOfPayment): string {
  const fee = dispute.withdrawal?.fee.amount ? `, dispute fee ${formatMoney(dispute.withdrawal.fee)}` : "";
  const fulfillment: Record<FulfillmentHold, string> = {
    held: `Fulfillment request ${order.wmsRequestId} put on hold in the warehouse.`,
    shipped: `The order had already shipped${order.shipment ? ` (${order.shipment.carrier} ${order.shipment.trackingNumber})` : ""}: no hold.`,
    "no-request": "No fulfillment request to hold yet: the flow looks again shortly.",
    released: "",
    cancelled: `Fulfillment request ${order.wmsRequestId} was already cancelled.`,
  };
  return [
    `Stripe dispute ${dispute.disputeId} opened (${dispute.reason}): ${formatMoney(dispute.amount)} disputed${fee}.`,
    `Evidence due by ${day(dispute.dueBy)}.`,
    dispute.fulfillment ? fulfillment[dispute.fulfillment] : "",
  ]
    .filter(Boolean)
    .join(" ");
}

function submittedNote(dispute: DisputeRecord): string {
  const fields = Object.keys(dispute.evidence ?? {}).join(", ");
  return `Evidence for Stripe dispute ${dispute.disputeId} submitted (approved by ${dispute.evidenceApprovedBy ?? "an admin"}${dispute.pastDue ? ", after the due date" : ""}): ${fields}.`;
}

function closedNote(dispute: DisputeRecord): string {
  const words = outcomeWords[dispute.status as keyof typeof outcomeWords] ?? dispute.status;
  const after =
    disputeOutcome(dispute.status) === "lost"
      ? `${formatMoney(dispute.amount)} lost to the customer's bank.${dispute.fulfillment === "cancelled" ? " The held fulfillment was cancelled." : ""}`
      : `${dispute.reinstatement ? `${formatMoney(dispute.reinstatement.amount)} reinstated.` : "No funds were withdrawn."}${dispute.fulfillment === "released" ? " The fulfillment hold was released." : ""}`;
  return `Stripe dispute ${dispute.disputeId} ${words}. ${after}`;
}

function openedAlert(dispute: DisputeRecord, order: OrderOfPayment) {
  return {
    message: `Dispute ${dispute.disputeId} on order ${order.customOrderNumber}: ${formatMoney(dispute.amount)} (${dispute.reason}), evidence due by ${day(dispute.dueBy)}`,
    context: { disputeId: dispute.disputeId, orderGuid: order.orderGuid, fulfillment: dispute.fulfillment },
  };
}

function dueSoonAlert(dispute: DisputeRecord, order: OrderOfPayment) {
  return {
    message: `Dispute ${dispute.disputeId} on order ${order.customOrderNumber}: evidence due by ${day(dispute.dueBy)} and nothing submitted yet`,
    context: { disputeId: dispute.disputeId, orderGuid: order.orderGuid, evidenceState: dispute.evidenceState },
  };
}
