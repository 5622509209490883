import type { OrderGuid } from "../ids.js";
import type { Money } from "../money.js";

export type ExceptionKind =
  | "no_order"
  | "order_not_paid_in_nop"
  | "amount_differs"
  | "currency_mismatch"
  | "refund_not_recorded"
  | "unclassified_category"
  | "residual";

/** How finance can close an exception (the flow's resolution mutations). */
export type Resolution = "link_order" | "write_off" | "resync";

export interface ReconciliationException {
  readonly kind: ExceptionKind;
  /** What is wrong, with the amounts and ids, for a person. */
  readonly reason: string;
  readonly suggestedAction: string;
  readonly resolutions: readonly Resolution[];
  /** txn_…; null for the payout's residual. */
  readonly balanceTransaction: string | null;
  readonly orderGuid: OrderGuid | null;
  readonly amount: Money | null;
}

const ACTIONS: Record<ExceptionKind, { suggestedAction: string; resolutions: Resolution[] }> = {
  no_order: {
    suggestedAction: "Link the transaction to its order, or write it off to an account; its amount waits in suspense.",
    resolutions: ["link_order", "write_off"],
  },
  order_not_paid_in_nop: {
    suggestedAction: "Re-sync the order so nopCommerce marks it paid (Stripe has the money).",
    resolutions: ["resync", "link_order"],
  },
  amount_differs: {
    suggestedAction: "Compare the order with the Stripe object; re-sync the order or write the difference off.",
    resolutions: ["resync", "write_off", "link_order"],
  },
  currency_mismatch: {
    suggestedAction:
      "Check that the transaction is linked to the right order; link it to the right one or write it off.",
    resolutions: ["link_order", "write_off"],
  },
  refund_not_recorded: {
    suggestedAction: "Re-sync the refund so nopCommerce records it on the order.",
    resolutions: ["resync", "write_off"],
  },
  unclassified_category: {
    suggestedAction: "Map this reporting category to an account; its amount waits in suspense until then.",
    resolutions: ["write_off"],
  },
  residual: {
    suggestedAction: "Fetch the payout's balance transactions again; what is still unexplained goes to suspense.",
    resolutions: ["resync", "write_off"],
  },
};

export function reconciliationException(
  kind: ExceptionKind,
  reason: string,
  about: Pick<ReconciliationException, "balanceTransaction" | "orderGuid" | "amount">,
): ReconciliationException {
  return Object.freeze({ kind, reason, ...ACTIONS[kind], ...about });
}
