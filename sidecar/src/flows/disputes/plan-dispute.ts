import type { DisputeRules } from "../../domain/dispute-rules.js";
import { disputeOutcome } from "../../domain/dispute-state.js";
import { type DisputeAction, type DisputeActionName, disputeKey } from "./dispute-actions.js";
import type { DisputeState } from "./disputes-store.js";

/**
 * The dispute's next actions, from what is known of it. Pure: the same state gives the same plan, whatever order
 * the events came in, since the state only moves forward. While open: hold the fulfillment (or learn it shipped),
 * note it on the order, alert, book the withdrawal in the ERP, draft the evidence, submit it once approved, alert
 * when the due date nears. Once closed: kept -> book the reinstatement, release the hold; lost -> write off the
 * amount in the ERP, cancel the held fulfillment and the order, record the loss in nopCommerce; a closing note.
 */
export function planDispute(state: DisputeState, rules: DisputeRules): DisputeAction[] {
  const { dispute, order } = state;
  const done = (name: DisputeActionName) => state.done.has(disputeKey(dispute.disputeId, name));
  const due = (...names: DisputeActionName[]) => names.filter((n) => !done(n)).map((name) => ({ name }));
  // A payment order-to-cash does not know (another channel, or not ours): one alert, nothing else to change.
  if (!order) return due("unknown-order-alert");
  // The order is known by its PaymentIntent but nopCommerce has not described it yet: its order.placed will.
  if (order.nopOrderId === null) return [];

  const outcome = disputeOutcome(dispute.status);
  const actions: DisputeAction[] = [];
  if (dispute.fulfillment === null && outcome !== "kept") actions.push(...due("hold-fulfillment"));
  // Order-to-cash asked the warehouse after the dispute opened (it was disputed at once): hold that request.
  if (dispute.fulfillment === "no-request" && outcome !== "kept" && order.wmsRequestId && !order.shipment)
    actions.push(...due("hold-late-request"));
  // The opening note says what became of the fulfillment, so it waits for the hold.
  if (dispute.fulfillment !== null || outcome === "kept") actions.push(...due("note-opened", "alert-opened"));
  if (dispute.withdrawal) actions.push(...due("erp-withdrawal"));

  // Staff see on the order that the evidence went, and who approved it (closed or not by the time it is noted).
  if (dispute.evidenceState === "submitted") actions.push(...due("note-submitted"));
  if (outcome === "open") {
    if (dispute.evidenceState === "none") actions.push(...due("draft-evidence"));
    if (dispute.evidenceState === "approved") actions.push(...due("submit-evidence"));
    const dueSoon = dispute.dueBy && dispute.dueBy.getTime() - state.now.getTime() <= rules.dueSoonMs;
    if (dueSoon && dispute.evidenceState !== "submitted" && dispute.submissionCount === 0)
      actions.push(...due("due-soon-alert"));
    return actions;
  }

  const booked = done("erp-withdrawal");
  if (outcome === "kept") {
    if (dispute.reinstatement && booked) actions.push(...due("erp-reinstatement"));
    if (dispute.fulfillment === "held") actions.push(...due("release-fulfillment"));
  } else {
    if (booked) actions.push(...due("erp-loss"));
    if (dispute.fulfillment === "held") actions.push(...due("cancel-fulfillment"));
    // Goods that never left are cancelled in nopCommerce too (its cancel restocks them, once: a cancelled order
    // cannot be cancelled again); goods that shipped stay as they are.
    if (dispute.fulfillment === "held" || dispute.fulfillment === "cancelled") actions.push(...due("nop-cancel"));
    if (rules.recordLossAsRefund) actions.push(...due("nop-record-loss"));
  }
  actions.push(...due("note-closed"));
  return actions;
}
