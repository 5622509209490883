import { OrderStatus, PaymentStatus } from "@nop-stripe/contract/nop-enums.js";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OrderGuid, orderGuid } from "../../sidecar/src/domain/ids.js";
import type { RiskDecision } from "../../sidecar/src/flows/risk/risk-store.js";
import { nopOrder } from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import { type FakeAnswer, type FakeOpenAiServer, startFakeOpenAiServer } from "../support/fake-openai-server.js";
import { waitFor } from "../support/wait-for.js";
import { decidedReview, placeAndAuthorize, type RiskHarness, startRisk } from "./risk-harness.js";

const TIMEOUT_MS = 1500;
const advice = (recommendedAction: "capture" | "review" | "cancel", narrative: string): FakeAnswer => ({
  structured: { narrative, weighedSignals: ["radar_risk_level"], recommendedAction },
});

/**
 * The advisor end to end as production wires it: LLM_BASE_URL / LLM_MODEL / LLM_TIMEOUT_MS configure an
 * OpenAiStructuredModel that talks real HTTP to a fake OpenAI server. Every webhook comes twice, shuffled; tests run
 * in turn, so the requests a payment caused are the ones the server received while it was decided.
 */
describe.each(backends)("the risk advisor end to end on $name", (backend) => {
  let t: RiskHarness;
  let llm: FakeOpenAiServer;
  beforeAll(async () => {
    llm = await startFakeOpenAiServer();
    t = await startRisk(
      backend,
      {},
      { LLM_BASE_URL: llm.baseUrl, LLM_MODEL: "gpt-fake-mini", LLM_TIMEOUT_MS: String(TIMEOUT_MS) },
    );
    t.sandbox.stripe.setDeliveryMode({ duplicates: true, shuffle: true });
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });

  const risk = () => t.flows.risk;
  const intentOf = (id: string) => t.systems.stripe.paymentIntents.retrieve(id);
  const decisionOf = async (guid: OrderGuid): Promise<RiskDecision> =>
    waitFor(async () => {
      const { rows } = await t.sidecar.db.sql.query(`SELECT decision FROM "RiskCase" WHERE "orderGuid" = $1`, [guid]);
      return (rows[0] as { decision: RiskDecision | null } | undefined)?.decision ?? undefined;
    });

  /** Authorizes a payment with the model's next answer scripted; returns it with the requests it caused. */
  async function decide(paymentMethod: string, ...answers: FakeAnswer[]) {
    const before = llm.requests.length;
    llm.script(...answers);
    const placed = await placeAndAuthorize(t, paymentMethod);
    const guid = orderGuid(placed.order.orderGuid);
    const decision = await decisionOf(guid);
    return { ...placed, guid, decision, asked: () => llm.requests.slice(before) };
  }

  const capturedAtOnce = async (intent: Stripe.PaymentIntent, nopOrderId: number) => {
    await waitFor(async () => (await intentOf(intent.id)).status === "succeeded");
    await waitFor(() => nopOrder(t, nopOrderId).paymentStatusId === PaymentStatus.Paid);
  };

  it("a low-risk payment the model wants reviewed goes to review, with the model's narrative, asked once", async () => {
    const narrative = "Several weak signals together; a person should look before capture.";
    const { intent, guid, decision, asked } = await decide("pm_card_visa", advice("review", narrative));
    expect(decision.assessment.band).toBe("low");
    expect(decision.band).toBe("review");
    expect(decision.advice).toMatchObject({ recommendedAction: "review", narrative, model: "gpt-fake-mini" });
    expect(decision.adviceFailure).toBeNull();
    const review = await decidedReview(risk(), guid);
    expect(review).toMatchObject({ status: "open", decision: { band: "review", narrative } });
    expect((await intentOf(intent.id)).status).toBe("requires_capture");
    expect(asked()).toHaveLength(1);
    expect(asked()[0]!.body.model).toBe("gpt-fake-mini");

    // A replay of the aggregate takes the stored answer: nobody is asked again, nothing changes.
    await risk().advance(guid);
    await risk().advance(guid);
    expect(asked()).toHaveLength(1);
    expect((await decisionOf(guid)).advice?.narrative).toBe(narrative);
    expect((await intentOf(intent.id)).status).toBe("requires_capture");
  });

  it("the model's 'capture' does not capture an elevated-risk payment the rules sent to review", async () => {
    const { intent, guid, decision, asked } = await decide(
      "pm_card_riskLevelElevated",
      advice("capture", "Looks genuine."),
    );
    expect(decision.assessment.band).toBe("review");
    expect(decision.band).toBe("review");
    expect(decision.advice?.recommendedAction).toBe("capture");
    expect((await decidedReview(risk(), guid)).status).toBe("open");
    expect((await intentOf(intent.id)).status).toBe("requires_capture");
    expect(asked()).toHaveLength(1);
  });

  it("the model's 'cancel' on a low-risk payment cancels nothing: a person reviews it", async () => {
    const { order, intent, guid, decision } = await decide("pm_card_visa", advice("cancel", "Looks fraudulent."));
    expect(decision.assessment.band).toBe("low");
    expect(decision.band).toBe("review");
    expect((await decidedReview(risk(), guid)).status).toBe("open");
    expect((await intentOf(intent.id)).status).toBe("requires_capture");
    expect(nopOrder(t, order.id).orderStatusId).not.toBe(OrderStatus.Cancelled);
  });

  it("sends the model no card or personal data: no e-mail, names, street, card, Stripe ids or IP", async () => {
    const { order, intent, asked } = await decide("pm_card_visa", advice("capture", "Fine."));
    await capturedAtOnce(intent, order.id);
    const charge = await t.systems.stripe.charges.retrieve(intent.latest_charge as string);
    const card = charge.payment_method_details?.card;
    const address = order.billingAddress;
    const secrets = [
      address.email,
      address.firstName,
      address.lastName,
      address.address1,
      address.phoneNumber,
      intent.id,
      charge.id,
      typeof intent.customer === "string" ? intent.customer : null,
      intent.payment_method as string,
      card?.fingerprint,
      card?.last4 ? `"${card.last4}"` : null,
      charge.billing_details.name,
      charge.billing_details.email,
      order.orderGuid,
    ].filter((s): s is string => typeof s === "string" && s.length > 2);
    expect(secrets.length).toBeGreaterThan(6);
    const [request] = asked();
    expect(request).toBeDefined();
    for (const secret of secrets) expect(request!.text.toLowerCase()).not.toContain(secret.toLowerCase());
    // What it did get: the signals, by name.
    expect(request!.text).toContain("radar");
  });

  describe("the rules decide alone when the model fails, and the decision says why", () => {
    const failures: Array<[string, FakeAnswer | FakeAnswer[], string, RegExp]> = [
      [
        "answers slower than LLM_TIMEOUT_MS",
        { delayMs: TIMEOUT_MS * 3, answer: advice("cancel", "late") },
        "timeout",
        /did not answer within/,
      ],
      ["answers text that is not JSON", { message: { content: "Sure! I think it's fine." } }, "invalid_answer", /JSON/],
      [
        "answers JSON of the wrong shape",
        { structured: { verdict: "cancel", confidence: 0.99 } },
        "invalid_answer",
        /narrative/,
      ],
      [
        "refuses",
        { message: { content: null, refusal: "I can't help with that." } },
        "invalid_answer",
        /refused to answer/,
      ],
      // The client retries a 5xx once within its budget: both attempts fail.
      ["fails with a 500, twice", [{ status: 500 }, { status: 500 }], "error", /failed \(HTTP 500/],
    ];

    it.each(failures)("low risk, the model %s: captured at once", async (_what, answer, kind, message) => {
      const { order, intent, decision } = await decide("pm_card_visa", ...[answer].flat());
      expect(decision.band).toBe("low");
      expect(decision.advice).toBeNull();
      expect(decision.adviceFailure).toMatchObject({ kind, message: expect.stringMatching(message) });
      expect(decision.narrative).toContain(`The advisor did not help: ${decision.adviceFailure!.message}`);
      await capturedAtOnce(intent, order.id);
    });

    it.each(failures)("elevated risk, the model %s: reviewed, the reviewer told why", async (_what, answer, kind) => {
      const { intent, guid, decision } = await decide("pm_card_riskLevelElevated", ...[answer].flat());
      expect(decision.band).toBe("review");
      expect(decision.adviceFailure?.kind).toBe(kind);
      const review = await decidedReview(risk(), guid);
      expect(review.status).toBe("open");
      expect(review.decision?.adviceFailure?.kind).toBe(decision.adviceFailure!.kind);
      expect(review.decision?.narrative).toContain("The advisor did not help");
      expect((await intentOf(intent.id)).status).toBe("requires_capture");
    });

    // Last: the server goes away for good.
    it("the model endpoint down (connection refused): low captured, elevated reviewed, both say so", async () => {
      await llm.close();
      const low = await decide("pm_card_visa");
      expect(low.decision.band).toBe("low");
      expect(low.decision.adviceFailure).toMatchObject({ kind: "unreachable" });
      expect(low.decision.narrative).toContain("could not reach the model endpoint");
      await capturedAtOnce(low.intent, low.order.id);

      const elevated = await decide("pm_card_riskLevelElevated");
      const review = await decidedReview(risk(), elevated.guid);
      expect(review.decision).toMatchObject({ band: "review", adviceFailure: { kind: "unreachable" } });
      expect(review.decision?.narrative).toContain("could not reach the model endpoint");
      expect((await intentOf(elevated.intent.id)).status).toBe("requires_capture");
    });
  });
});
