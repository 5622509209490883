// Pages a payout's balance transactions through the official stripe client, as the payouts flow reads them
// (limit 100, source expanded), timing each page: the Stripe emulator's share of a reconciliation.
import type Stripe from "stripe";
import { percentile, round } from "./bench-support.js";

export interface PagingResult {
  pages: number;
  transactions: number;
  seconds: number;
  pages_per_s: number;
  page_ms_p50: number;
  page_ms_p99: number;
  page_ms_max: number;
  /** Milliseconds of the first and the last page: equal when a page costs the same wherever it is. */
  first_page_ms: number;
  last_page_ms: number;
  net_minor: number;
}

export async function pageThroughPayout(stripe: Stripe, payout: string): Promise<PagingResult> {
  const pageMs: number[] = [];
  let transactions = 0;
  let net = 0;
  let after: string | undefined;
  const started = performance.now();
  for (;;) {
    const asked = performance.now();
    const page = await stripe.balanceTransactions.list({
      payout,
      limit: 100,
      expand: ["data.source"],
      ...(after ? { starting_after: after } : {}),
    });
    pageMs.push(performance.now() - asked);
    transactions += page.data.length;
    for (const txn of page.data) net += txn.net;
    if (!page.has_more) break;
    after = page.data.at(-1)?.id;
  }
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...pageMs].sort((a, b) => a - b);
  return {
    pages: pageMs.length,
    transactions,
    seconds: round(seconds, 2),
    pages_per_s: round(pageMs.length / seconds),
    page_ms_p50: round(percentile(sorted, 50), 2),
    page_ms_p99: round(percentile(sorted, 99), 2),
    page_ms_max: round(sorted.at(-1) ?? 0, 2),
    first_page_ms: round(pageMs[0] ?? 0, 2),
    last_page_ms: round(pageMs.at(-1) ?? 0, 2),
    net_minor: net,
  };
}
