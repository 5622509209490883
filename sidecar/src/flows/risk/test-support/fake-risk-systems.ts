import type { OrderGuid, PaymentIntentId } from "../../../domain/ids.js";
import { ok } from "../../../domain/result.js";
import type { RiskAdvisor } from "../../../domain/risk/risk-advice.js";
import type { RiskBand } from "../../../domain/risk/risk-facts.js";
import { defaultRiskRules, type RiskRules } from "../../../domain/risk/risk-rules.js";
import { InMemoryHost } from "../../../flow-kit/test-support/in-memory-host.js";
import type { Alert } from "../../../ports/notifier.js";
import type { ChargeRisk, RadarReview } from "../../../ports/stripe-radar.js";
import { advanceRisk } from "../advance-risk.js";
import { ReviewCommands } from "../review-commands.js";
import { riskFlow } from "../risk-actions.js";
import { assessment, nopOrderFixture } from "./fixtures.js";
import { InMemoryRiskStore } from "./in-memory-risk-store.js";

export const orderGuidOf = nopOrderFixture().orderGuid as OrderGuid;
export const paymentIntentId = "pi_risk_1" as PaymentIntentId;

export const chargeRisk = (over: Partial<ChargeRisk> = {}): ChargeRisk => ({
  chargeId: "ch_1" as ChargeRisk["chargeId"],
  paymentIntentId,
  radar: { riskLevel: "normal", riskScore: 10, rule: null },
  card: null,
  cardFingerprint: "fp_card_1",
  billingCountry: "US",
  declinesBefore: 0,
  captureBefore: null,
  reviewId: null,
  ...over,
});

export const radarReview = (over: Partial<RadarReview> = {}): RadarReview => ({
  id: "prv_1",
  open: true,
  chargeId: "ch_1" as RadarReview["chargeId"],
  paymentIntentId,
  openedReason: "rule",
  reason: "rule",
  created: new Date("2026-12-06T12:00:00Z"),
  ...over,
});

/**
 * The flow on in-memory fakes of everything it calls: the score gives `band`, the clock is `clock.now`, and every
 * call to another system is recorded.
 */
export function riskOnFakes(options: {
  band: RiskBand;
  advisor?: RiskAdvisor | null;
  rules?: RiskRules;
  charge?: Partial<ChargeRisk>;
}) {
  const clock = { now: new Date("2026-12-06T12:00:00Z") };
  const now = () => clock.now;
  const host = new InMemoryHost(riskFlow);
  const store = new InMemoryRiskStore();
  const rules = options.rules ?? { ...defaultRiskRules, defaults: { ...defaultRiskRules.defaults, decide: "all" } };
  const calls = {
    captures: [] as string[],
    cancels: [] as Array<{ id: string; key: string; reason?: string }>,
    nopCancels: [] as string[],
    notes: [] as string[],
    alerts: [] as Alert[],
    approvedReviews: [] as Array<{ id: string; key: string }>,
    refunds: [] as Array<{ requestId: string; reason: string }>,
    assessed: 0,
  };
  const ports = {
    store,
    radar: {
      chargeRisk: async () => ok(chargeRisk(options.charge)),
      approveReview: async (id: string, key: string) => {
        calls.approvedReviews.push({ id, key });
        return ok(radarReview({ id, open: false, reason: "approved" }));
      },
    },
    intents: {
      voidAuthorization: async (id: PaymentIntentId, key: string, reason?: "fraudulent") => {
        calls.cancels.push({ id, key, ...(reason ? { reason } : {}) });
        return ok({ id, status: "canceled" } as never);
      },
    },
    capture: async (orderGuid: OrderGuid) => {
      calls.captures.push(orderGuid);
      return { status: "succeeded" };
    },
    customers: {
      orderOf: async () => nopOrderFixture(),
      historyOf: async () => ({ paidOrders: 0, meanPaidMinor: null, maxPaidMinor: null, refundedOrDisputed: 0 }),
    },
    nop: {
      addOrderNote: async (request: { note: string }) => {
        calls.notes.push(request.note);
        return ok({} as never);
      },
      cancelOrder: async (_request: unknown, options: { requestId: string }) => {
        calls.nopCancels.push(options.requestId);
        return ok({} as never);
      },
    },
    notifier: { alert: async (alert: Alert) => void calls.alerts.push(alert) },
    advisor: options.advisor ?? null,
    refundOrder: async ({ requestId, reason }: { requestId: string; reason: string }) => {
      calls.refunds.push({ requestId, reason });
      return "refunded in full";
    },
    assess: () => {
      calls.assessed++;
      return assessment(options.band);
    },
    enqueue: host.enqueue,
    failures: host.failures,
    rules,
    now,
  };
  const advance = advanceRisk(host, ports as never);
  const reviews = new ReviewCommands(store, advance, rules, now, host.enqueue);
  /** An authorization to decide, as the amount_capturable_updated handler opens it. */
  const authorize = async (captureBefore = new Date(clock.now.getTime() + 7 * 86_400_000)) => {
    await store.openCase({
      orderGuid: orderGuidOf,
      paymentIntentId,
      chargeId: "ch_1" as ChargeRisk["chargeId"],
      storeId: 1,
      amountMinor: 1000,
      currency: "usd",
      captureBefore,
    });
    await advance.run(orderGuidOf);
  };
  return { host, store, calls, clock, advance, reviews, authorize, ports };
}
