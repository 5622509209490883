/**
 * Which payout each balance transaction was paid out in, and each payout's transactions in list order (newest
 * first), so `GET /v1/balance_transactions?payout=` costs O(log n + page) however large the payout is.
 */
export class PayoutIndex {
  private readonly payoutOf = new Map<string, string>();
  private readonly idsOf = new Map<string, string[]>();
  /** Payouts whose id list gained members since it was last sorted. */
  private readonly unsorted = new Set<string>();

  assign(transactionId: string, payoutId: string): void {
    this.payoutOf.set(transactionId, payoutId);
    const ids = this.idsOf.get(payoutId) ?? [];
    ids.push(transactionId);
    this.idsOf.set(payoutId, ids);
    this.unsorted.add(payoutId);
  }

  isPaidOut(transactionId: string): boolean {
    return this.payoutOf.has(transactionId);
  }

  /** The payout's transaction ids sorted by `compare` (sorted once after the payout gains transactions). */
  transactionIds(payoutId: string, compare: (a: string, b: string) => number): readonly string[] {
    const ids = this.idsOf.get(payoutId) ?? [];
    if (this.unsorted.delete(payoutId)) ids.sort(compare);
    return ids;
  }

  clear(): void {
    this.payoutOf.clear();
    this.idsOf.clear();
    this.unsorted.clear();
  }
}
