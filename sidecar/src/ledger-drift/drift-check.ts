import type { PaymentIntentId, RefundId } from "../domain/ids.js";
import type { Period } from "../domain/ledger/trial-balance.js";
import type { OrderPaymentStatuses } from "../flows/order-to-cash/index.js";
import type { RefundRecords } from "../flows/refunds/index.js";
import { chargeDrift, type DriftFinding, type NopOrderFact, refundDrift } from "./plan-drift.js";
import type { DriftStore } from "./sql-drift-store.js";
import type { StripeActivity } from "./stripe-activity.js";

export interface DriftPorts {
  stripe: StripeActivity;
  /** order-to-cash's read port: nopCommerce's payment status of the order a PaymentIntent paid for. */
  orders: OrderPaymentStatuses;
  /** The refunds flow's read port: the refunds it recorded. */
  refunds: RefundRecords;
  store: DriftStore;
}

export interface DriftReport {
  period: Period;
  charges: number;
  refunds: number;
  /** Open drift exceptions found (new ones counted in `opened`). */
  found: number;
  opened: number;
  resolved: number;
}

/** Stripe's objects are recorded a batch at a time, so a long period is checked in flat memory. */
const BATCH = 100;

/**
 * Stripe's charges and refunds of a period against nopCommerce (through the flows' read ports) and our ledger.
 * Safe to run again and from several processes: exception ids are deterministic and writes are upserts.
 */
export class DriftCheck {
  constructor(private readonly ports: DriftPorts) {}

  async run(period: Period, now = new Date()): Promise<DriftReport> {
    const note = `the drift check of ${now.toISOString()} (${period.from}..${period.to}) found no difference any more`;
    const report: DriftReport = { period, charges: 0, refunds: 0, found: 0, opened: 0, resolved: 0 };
    const { stripe, orders, refunds, store } = this.ports;
    const nopOf = async (paymentIntentId: string | null): Promise<NopOrderFact | undefined> =>
      paymentIntentId ? orders.ofPaymentIntent(paymentIntentId as PaymentIntentId) : undefined;

    const flush = async (batch: { findings: DriftFinding[]; examined: string[] }) => {
      const { opened, resolved } = await store.record(batch.findings, batch.examined, note);
      report.found += batch.findings.length;
      report.opened += opened;
      report.resolved += resolved;
      batch.findings = [];
      batch.examined = [];
    };
    const batch = { findings: [] as DriftFinding[], examined: [] as string[] };
    const add = async (subject: string, findings: DriftFinding[]) => {
      batch.examined.push(subject);
      batch.findings.push(...findings);
      if (batch.examined.length >= BATCH) await flush(batch);
    };

    for await (const charge of stripe.charges(period)) {
      report.charges++;
      await add(
        charge.id,
        chargeDrift(charge, await nopOf(charge.paymentIntentId), await store.ledgerLineOf(charge.id)),
      );
    }
    for await (const refund of stripe.refunds(period)) {
      report.refunds++;
      const recorded = await refunds.ofStripeRefund(refund.id as RefundId);
      await add(refund.id, refundDrift(refund, await nopOf(refund.paymentIntentId), recorded));
    }
    await flush(batch);
    return report;
  }
}
