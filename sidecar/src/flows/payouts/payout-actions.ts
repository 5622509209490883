import type { PayoutId } from "../../domain/ids.js";
import { actionKeys } from "../../flow-kit/action-key.js";

export const payoutsFlow = "payouts";

/** What the payout's plan may ask for, in the order of work. */
export type PayoutAction =
  /** Fetch the page after the stored cursor, match it, journal it; the last page also makes the transfer entry. */
  | { name: "reconcile-page"; page: number }
  /** The payout is in the bank: Dr bank, Cr payouts in transit. */
  | { name: "arrive" }
  /** A paid payout that failed or was canceled afterwards: its arrival reversed (never edited). */
  | { name: "reverse-arrival" }
  /** One stored entry to the ERP's general ledger, under its entry key. */
  | { name: "post-entry"; entryKey: string }
  /** The payout's status as its entries and exceptions say (reconciling → matched | exceptions → posted). */
  | { name: "set-status"; status: PayoutProgress };

export type PayoutActionName = PayoutAction["name"];

/** Ours, on Payout.status. */
export type PayoutProgress = "reconciling" | "matched" | "exceptions" | "posted" | "reversed";

/** `payouts:<po>:<action>[:<detail>]`: the action log's mark of each step. */
export const payoutKey = actionKeys<PayoutId, PayoutActionName>(payoutsFlow);

export const identifyPayoutAction = (action: PayoutAction): string => {
  switch (action.name) {
    case "reconcile-page":
      return `${action.name}:${action.page}`;
    case "post-entry":
      return `${action.name}:${action.entryKey}`;
    case "set-status":
      return `${action.name}:${action.status}`;
    case "arrive":
    case "reverse-arrival":
      return action.name;
  }
};
