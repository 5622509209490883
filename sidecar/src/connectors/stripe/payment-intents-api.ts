import type Stripe from "stripe";
import type { OrderGuid, PaymentIntentId } from "../../domain/ids.js";
import { ok, type Result } from "../../domain/result.js";
import type {
  IdempotencyMismatch,
  NewPaymentIntent,
  PaymentIntentSnapshot,
  PaymentIntentsPort,
  StripeMissing,
} from "../../ports/stripe.js";
import { callStripe, only } from "./stripe-failures.js";
import { parsePaymentIntent } from "./stripe-objects.js";

/** PaymentIntentsPort on the official client (or any object with its `paymentIntents`). */
export class StripePaymentIntentsApi implements PaymentIntentsPort {
  constructor(private readonly stripe: Pick<Stripe, "paymentIntents">) {}

  async retrieve(id: PaymentIntentId): Promise<Result<PaymentIntentSnapshot, StripeMissing>> {
    const found = only<Stripe.PaymentIntent, StripeMissing>(
      "missing",
      await callStripe(() => this.stripe.paymentIntents.retrieve(id)),
    );
    return found.ok ? ok(parsePaymentIntent(found.value)) : found;
  }

  async create(
    intent: NewPaymentIntent,
    idempotencyKey: string,
  ): Promise<Result<PaymentIntentSnapshot, IdempotencyMismatch>> {
    const created = only<Stripe.PaymentIntent, IdempotencyMismatch>(
      "idempotency_mismatch",
      await callStripe(() =>
        this.stripe.paymentIntents.create(
          {
            amount: intent.amount.amount,
            currency: intent.amount.currency,
            customer: intent.customer,
            capture_method: intent.captureMethod,
            automatic_payment_methods: { enabled: true, allow_redirects: "never" },
            ...(intent.description ? { description: intent.description } : {}),
            metadata: intent.metadata,
          },
          { idempotencyKey },
        ),
      ),
    );
    return created.ok ? ok(parsePaymentIntent(created.value)) : created;
  }

  async tagOrder(
    id: PaymentIntentId,
    orderGuid: OrderGuid,
    idempotencyKey: string,
  ): Promise<Result<void, StripeMissing | IdempotencyMismatch>> {
    const updated = await callStripe(() =>
      this.stripe.paymentIntents.update(id, { metadata: { nop_order_guid: orderGuid } }, { idempotencyKey }),
    );
    return updated.ok ? ok(undefined) : updated;
  }

  async cancelAbandoned(id: PaymentIntentId, idempotencyKey: string): Promise<Result<void, StripeMissing>> {
    const cancelled = only<Stripe.PaymentIntent, StripeMissing>(
      "missing",
      await callStripe(() =>
        this.stripe.paymentIntents.cancel(id, { cancellation_reason: "abandoned" }, { idempotencyKey }),
      ),
    );
    return cancelled.ok ? ok(undefined) : cancelled;
  }
}
