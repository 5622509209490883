import type Stripe from "stripe";
import { type RefundsHarness, settle, startRefunds } from "../refunds/refunds-harness.js";
import type { Backend } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";

export type PayoutsHarness = RefundsHarness;

/** The sandbox with every flow registered as in production (payouts included), its store in `currency`. */
export const startPayouts = (backend: Backend, currency = "USD"): Promise<PayoutsHarness> =>
  startRefunds(backend, {}, {}, { nopPrimaryStoreCurrencyCode: currency });

/** POSTs to the Stripe emulator's control API, as Stripe itself or a bank would act. */
export async function emulator<T>(t: PayoutsHarness, path: string, body: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${t.sandbox.stripe.url}/_emulator/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as T;
  if (!res.ok) throw new Error(`the emulator refused ${path}: ${JSON.stringify(answer)}`);
  return answer;
}

/** A dispute on the intent's charge, closed with the bank's decision. */
export async function disputeDecided(t: PayoutsHarness, intent: Stripe.PaymentIntent, outcome: "won" | "lost") {
  const dispute = await emulator<Stripe.Dispute>(t, "disputes", { charge: intent.latest_charge, reason: "fraudulent" });
  await emulator(t, `disputes/${dispute.id}/close`, { outcome });
  return dispute;
}

/** Everything settled, then Stripe pays out the balance (one payout per currency); each payout reconciled to rest. */
export async function payOutAndReconcile(t: PayoutsHarness, options: { fail?: boolean; settled?: boolean } = {}) {
  const { settled = true, ...payout } = options;
  if (settled) await settle(t);
  else await t.sandbox.stripe.whenDeliveriesIdle();
  const { data } = await emulator<{ data: Stripe.Payout[] }>(t, "payouts", payout);
  for (const payout of data) await reconciled(t, payout.id);
  return data;
}

/** Waits until the payout's plan is empty: every page in, every entry posted, its status final. */
export const reconciled = (t: PayoutsHarness, payoutId: string) =>
  waitFor(
    async () => {
      const row = await t.sidecar.db.prisma.payout.findUnique({ where: { id: payoutId } });
      return row && ["posted", "exceptions", "reversed"].includes(row.status) ? row : undefined;
    },
    { timeoutMs: 60_000 },
  );

export const ledgerOf = (t: PayoutsHarness, payoutId: string) =>
  t.sidecar.db.prisma.ledgerEntry.findMany({ where: { payoutId }, include: { lines: true }, orderBy: { key: "asc" } });

export const exceptionsOf = (t: PayoutsHarness, payoutId: string) =>
  t.sidecar.db.prisma.reconciliationException.findMany({ where: { payoutId }, orderBy: { id: "asc" } });

/** Σ debit − Σ credit per account and currency over entries (numbers: the test amounts are small). */
export function balances(
  entries: { lines: { account: string; currency: string; debitMinor: bigint | null; creditMinor: bigint | null }[] }[],
) {
  const sums = new Map<string, number>();
  for (const line of entries.flatMap((e) => e.lines)) {
    const key = `${line.account}:${line.currency}`;
    sums.set(key, (sums.get(key) ?? 0) + Number(line.debitMinor ?? 0n) - Number(line.creditMinor ?? 0n));
  }
  return sums;
}

/** A payment made in Stripe by hand (the dashboard, a payment link): the order it names, if any, in metadata. */
export const strayPayment = (t: PayoutsHarness, amount: number, metadata: Record<string, string> = {}) =>
  t.systems.stripe.paymentIntents.create({
    amount,
    currency: "usd",
    payment_method: "pm_card_visa",
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    metadata,
    confirm: true,
  });
