import Stripe from "stripe";
import type { ChargeId, RefundId } from "../../domain/ids.js";
import { err, ok, type Result } from "../../domain/result.js";
import type { IdempotencyMismatch, StripeMissing } from "../../ports/stripe.js";
import type { NewRefund, RefundRefused, RefundSnapshot, RefundsPort } from "../../ports/stripe-refunds.js";
import { parseRefund } from "./refund-objects.js";
import { callStripe } from "./stripe-failures.js";

/** Stripe's refusals a refund request expects (the money is not there to give back), as results. */
const refusalCodes = new Set(["charge_already_refunded", "charge_disputed", "charge_not_refundable"]);

function refusalOf(error: unknown): RefundRefused | undefined {
  if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) return undefined;
  if (error.code && refusalCodes.has(error.code))
    return { kind: "refund_refused", code: error.code, message: error.message };
  // Stripe names no code for an amount above what is left on the charge; the param says it.
  if (error.code === "amount_too_large" || (error.param === "amount" && !error.code))
    return { kind: "refund_refused", code: "amount_too_large", message: error.message };
  return undefined;
}

/** RefundsPort on the official client. */
export class StripeRefundsApi implements RefundsPort {
  constructor(private readonly stripe: Pick<Stripe, "refunds">) {}

  async create(
    refund: NewRefund,
    idempotencyKey: string,
  ): Promise<Result<RefundSnapshot, RefundRefused | IdempotencyMismatch>> {
    const params: Stripe.RefundCreateParams = {
      payment_intent: refund.paymentIntentId,
      amount: refund.amount.amount,
      ...(refund.reason ? { reason: refund.reason } : {}),
      metadata: { sidecar_refund: refund.requestKey, nop_order_guid: refund.orderGuid },
    };
    const answer = await callStripe(["idempotency_mismatch"], async () => {
      try {
        return ok(parseRefund(await this.stripe.refunds.create(params, { idempotencyKey })));
      } catch (error) {
        const refused = refusalOf(error);
        if (refused) return err(refused);
        throw error;
      }
    });
    return answer.ok ? answer.value : answer;
  }

  async retrieve(id: RefundId): Promise<Result<RefundSnapshot, StripeMissing>> {
    const answer = await callStripe(["missing"], () => this.stripe.refunds.retrieve(id));
    return answer.ok ? ok(parseRefund(answer.value)) : answer;
  }

  async listForCharge(chargeId: ChargeId): Promise<RefundSnapshot[]> {
    const answer = await callStripe([], () =>
      this.stripe.refunds.list({ charge: chargeId, limit: 100 }).autoPagingToArray({ limit: 10_000 }),
    );
    return answer.ok ? answer.value.map((r) => parseRefund(r)) : [];
  }
}
