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
import { callStripe } from "./stripe-failures.js";
import { parsePaymentIntent } from "./stripe-objects.js";

/** An answer's PaymentIntent in the flows' words, or the expected failure as it came. */
const snapshot = <E>(answer: Result<Stripe.PaymentIntent, E>) =>
  answer.ok ? ok(parsePaymentIntent(answer.value)) : answer;

/** PaymentIntentsPort on the official client (or any object with its `paymentIntents`). */
export class StripePaymentIntentsApi implements PaymentIntentsPort {
  constructor(private readonly stripe: Pick<Stripe, "paymentIntents">) {}

  async retrieve(id: PaymentIntentId): Promise<Result<PaymentIntentSnapshot, StripeMissing>> {
    return snapshot(await callStripe(["missing"], () => this.stripe.paymentIntents.retrieve(id)));
  }

  async create(
    intent: NewPaymentIntent,
    idempotencyKey: string,
  ): Promise<Result<PaymentIntentSnapshot, IdempotencyMismatch>> {
    const params: Stripe.PaymentIntentCreateParams = {
      amount: intent.amount.amount,
      currency: intent.amount.currency,
      customer: intent.customer,
      capture_method: intent.captureMethod,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      ...(intent.description ? { description: intent.description } : {}),
      ...(intent.saveCardForLater ? { setup_future_usage: "off_session" as const } : {}),
      metadata: intent.metadata,
    };
    const create = () => this.stripe.paymentIntents.create(params, { idempotencyKey });
    return snapshot(await callStripe(["idempotency_mismatch"], create));
  }

  async tagOrder(
    id: PaymentIntentId,
    orderGuid: OrderGuid,
    idempotencyKey: string,
  ): Promise<Result<void, StripeMissing | IdempotencyMismatch>> {
    const metadata = { nop_order_guid: orderGuid };
    const tagged = await callStripe(["missing", "idempotency_mismatch"], () =>
      this.stripe.paymentIntents.update(id, { metadata }, { idempotencyKey }),
    );
    return tagged.ok ? ok(undefined) : tagged;
  }

  async cancelAbandoned(id: PaymentIntentId, idempotencyKey: string): Promise<Result<void, StripeMissing>> {
    const reason = { cancellation_reason: "abandoned" } as const;
    const cancelled = await callStripe(["missing"], () =>
      this.stripe.paymentIntents.cancel(id, reason, { idempotencyKey }),
    );
    return cancelled.ok ? ok(undefined) : cancelled;
  }

  capture(id: PaymentIntentId, idempotencyKey: string) {
    return this.change(() => this.stripe.paymentIntents.capture(id, {}, { idempotencyKey }));
  }

  /** No cancellation_reason: the merchant voided it, which none of Stripe's reasons names. */
  voidAuthorization(id: PaymentIntentId, idempotencyKey: string, reason?: "fraudulent") {
    const params = reason ? { cancellation_reason: reason } : {};
    return this.change(() => this.stripe.paymentIntents.cancel(id, params, { idempotencyKey }));
  }

  /** A change to a PaymentIntent we hold the id of, under a key of ours. */
  private async change(
    call: () => Promise<Stripe.PaymentIntent>,
  ): Promise<Result<PaymentIntentSnapshot, StripeMissing | IdempotencyMismatch>> {
    return snapshot(await callStripe(["missing", "idempotency_mismatch"], call));
  }
}
