import { add, formatMoney, type Money, money, subtract } from "../money.js";
import { type ReconciliationException, reconciliationException } from "./reconciliation-exception.js";
import type { MatchedTransaction, SettledTransaction } from "./settled-transaction.js";

/**
 * Does each order's total equal what Stripe captured? A partially captured charge settles as the authorization
 * plus a `partial_capture_reversal`, possibly on different pages and in either order, so each charge keeps a
 * running residue (recorded total − authorization − reversals) that is forgotten as soon as it is zero: memory
 * holds only the captures still open, however large the payout. Every charge takes part (with no total to compare
 * when it has no order), so a reversal is never compared on its own; Stripe makes both at capture, so both are
 * in the same payout.
 */
export interface CaptureCheck {
  charge(matched: MatchedTransaction, recorded: Money | null, paid: Money): void;
  reversal(matched: MatchedTransaction, reversed: Money): void;
  /** At the end: every charge whose residue is not zero. */
  exceptions(): ReconciliationException[];
  /** The captures still open, as plain data: what a flow stores between pages to resume after a crash. */
  snapshot(): OpenCapture[];
}

/** One capture still open (JSON as it is). */
export type OpenCapture = readonly [key: string, open: Open];

interface Open {
  /** null: nopCommerce has no total for the order, so nothing can be compared. */
  residue: Money | null;
  matched: MatchedTransaction;
}

export function captureCheck(resumed: readonly OpenCapture[] = []): CaptureCheck {
  const open = new Map<string, Open>(resumed);
  const contribute = (matched: MatchedTransaction, amount: Money | null) => {
    const key = chargeKey(matched.transaction);
    const before = open.get(key);
    const residue = before === undefined ? amount : sum(before.residue, amount);
    // The charge names the exception best (its order, its id); a reversal only fills in until the charge comes.
    const named = before && matched.transaction.category !== "charge" ? before.matched : matched;
    if (residue !== null && residue.amount === 0) open.delete(key);
    else open.set(key, { residue, matched: named });
  };
  return {
    charge: (matched, recorded, paid) => contribute(matched, recorded === null ? null : subtract(recorded, paid)),
    reversal: (matched, reversed) => contribute(matched, money(-reversed.amount, reversed.currency)),
    exceptions: () => [...open.values()].flatMap(differs),
    snapshot: () => [...open.entries()],
  };
}

function sum(a: Money | null, b: Money | null): Money | null {
  return a === null || b === null || a.currency !== b.currency ? null : add(a, b);
}

function differs({ residue, matched }: Open): ReconciliationException[] {
  if (residue === null) return [];
  const { transaction: txn, order } = matched;
  const charge = txn.sources.charge ?? txn.id;
  return [
    reconciliationException(
      "amount_differs",
      `order ${order?.orderGuid ?? "(none)"} total differs from what Stripe captured for ${charge} (recorded − captured = ${formatMoney(residue)})`,
      { balanceTransaction: txn.id, orderGuid: order?.orderGuid ?? null, amount: residue },
    ),
  ];
}

const chargeKey = (txn: SettledTransaction) => txn.sources.charge ?? txn.id;
