import type Stripe from "stripe";
import type { ChargeId } from "../../domain/ids.js";
import { ok, type Result } from "../../domain/result.js";
import { ConnectorRejected } from "../../ports/connector-errors.js";
import type { IdempotencyMismatch, StripeMissing } from "../../ports/stripe.js";
import type { ChargeRisk, EarlyFraudWarning, RadarPort, RadarReview } from "../../ports/stripe-radar.js";
import {
  type ChargeRiskObject,
  chargeRiskOf,
  parseChargeRisk,
  parseEarlyFraudWarning,
  parseReview,
} from "./radar-objects.js";
import { callStripe } from "./stripe-failures.js";

/** More attempts than this on one PaymentIntent is card testing whatever the exact number: stop counting. */
const DECLINES_COUNTED = 100;

const eventObject = (payload: unknown) => (payload as { data?: { object?: unknown } } | null)?.data?.object;

/** RadarPort on the official client. */
export class StripeRadarApi implements RadarPort {
  constructor(private readonly stripe: Pick<Stripe, "charges" | "reviews">) {}

  async chargeRisk(chargeId: ChargeId): Promise<Result<ChargeRisk, StripeMissing>> {
    const found = await callStripe(["missing"], () => this.stripe.charges.retrieve(chargeId));
    if (!found.ok) return found;
    const charge = parseChargeRisk(found.value, `charge ${chargeId} from Stripe's API`);
    return ok(chargeRiskOf(charge, await this.declinesBefore(charge)));
  }

  /**
   * Failed charges on the same PaymentIntent created before this one. Lists come newest first, so within one
   * second (a decline and the retry that succeeded) the older ones are those listed after this charge.
   */
  private async declinesBefore(charge: ChargeRiskObject): Promise<number> {
    const intent = charge.payment_intent;
    if (!intent) return 0;
    const listed = await callStripe([], () =>
      this.stripe.charges
        .list({ payment_intent: intent, created: { lte: charge.created }, limit: 100 })
        .autoPagingToArray({ limit: DECLINES_COUNTED }),
    );
    if (!listed.ok) return 0; // callStripe expects no outcome here: it throws instead
    const older = listed.value.slice(listed.value.findIndex((c) => c.id === charge.id) + 1);
    return older.filter((c) => c.status === "failed").length;
  }

  async retrieveReview(id: string): Promise<Result<RadarReview, StripeMissing>> {
    const found = await callStripe(["missing"], () => this.stripe.reviews.retrieve(id));
    return found.ok ? ok(parseReview(found.value, `review ${id} from Stripe's API`)) : found;
  }

  async approveReview(
    id: string,
    idempotencyKey: string,
  ): Promise<Result<RadarReview, StripeMissing | IdempotencyMismatch>> {
    const current = await this.retrieveReview(id);
    if (!current.ok || !current.value.open) return current;
    try {
      const approved = await callStripe(["missing", "idempotency_mismatch"], () =>
        this.stripe.reviews.approve(id, {}, { idempotencyKey }),
      );
      return approved.ok ? ok(parseReview(approved.value, `review ${id} from Stripe's API`)) : approved;
    } catch (error) {
      // Closed between the two calls (a refund, the dashboard): answered as it is now.
      if (!(error instanceof ConnectorRejected)) throw error;
      const after = await this.retrieveReview(id);
      if (after.ok && !after.value.open) return after;
      throw error;
    }
  }

  reviewFromEvent({ eventId, payload }: { eventId: string; payload: unknown }): RadarReview {
    return parseReview(eventObject(payload), `Stripe event ${eventId}: data.object`);
  }

  earlyFraudWarningFromEvent({ eventId, payload }: { eventId: string; payload: unknown }): EarlyFraudWarning {
    return parseEarlyFraudWarning(eventObject(payload), `Stripe event ${eventId}: data.object`);
  }
}
