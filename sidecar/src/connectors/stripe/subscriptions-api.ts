import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import type Stripe from "stripe";
import { z } from "zod";
import { type PaymentIntentId, stripeCustomerIdSchema } from "../../domain/ids.js";
import { money } from "../../domain/money.js";
import { ok, type Result } from "../../domain/result.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { IdempotencyMismatch, StripeMissing } from "../../ports/stripe.js";
import type {
  InvoiceSnapshot,
  NewRecurringPrice,
  NewSubscription,
  PaymentOfOrder,
  SubscriptionSnapshot,
  SubscriptionsPort,
} from "../../ports/stripe-subscriptions.js";
import { callStripe } from "./stripe-failures.js";
import { minorUnits, reference } from "./stripe-objects.js";

const unixTime = z.number().int().nullish();
const toDate = (seconds: number | null | undefined) => (seconds == null ? null : new Date(seconds * 1000));
const recurringPaymentIdOf = (metadata: Record<string, string> | null | undefined) => {
  const raw = metadata?.nop_recurring_payment_id;
  return raw !== undefined && /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : null;
};

const subscriptionSchema = z.looseObject({
  object: z.literal("subscription"),
  id: z.string().startsWith("sub_"),
  status: z.string(),
  customer: reference.pipe(z.string()),
  metadata: z.record(z.string(), z.string()).nullish(),
  cancel_at: unixTime,
  ended_at: unixTime,
  latest_invoice: reference,
  items: z.looseObject({
    data: z.array(z.looseObject({ id: z.string(), price: z.looseObject({ id: z.string() }) })),
  }),
});

const invoiceSchema = z.looseObject({
  object: z.literal("invoice"),
  id: z.string().startsWith("in_"),
  billing_reason: z.string().nullish(),
  status: z.string().nullish(),
  attempt_count: z.number().int().min(0),
  amount_due: minorUnits,
  currency: z.string(),
  created: z.number().int(),
  parent: z
    .looseObject({
      subscription_details: z
        .looseObject({ subscription: reference, metadata: z.record(z.string(), z.string()).nullish() })
        .nullish(),
    })
    .nullish(),
});

function parse<T>(schema: z.ZodType<T>, eventId: string, payload: unknown): T {
  const parsed = schema.safeParse((payload as { data?: { object?: unknown } } | null)?.data?.object);
  if (parsed.success) return parsed.data;
  throw new PermanentError(`Stripe event ${eventId}: ${describeZodError(parsed.error, "data.object")}`, {
    code: "stripe_event_invalid",
    system: "stripe",
    suggestion: "Stripe could not have sent this object: check the webhook's source, then close the dead letter",
  });
}

function snapshotOf(sub: z.output<typeof subscriptionSchema>): SubscriptionSnapshot {
  const [item] = sub.items.data;
  return {
    id: sub.id,
    status: sub.status,
    customerId: sub.customer,
    recurringPaymentId: recurringPaymentIdOf(sub.metadata),
    itemId: item?.id ?? null,
    priceId: item?.price.id ?? null,
    cancelAt: toDate(sub.cancel_at),
    endedAt: toDate(sub.ended_at),
    latestInvoiceId: sub.latest_invoice,
  };
}

const asSnapshot = (sub: Stripe.Subscription) => snapshotOf(subscriptionSchema.parse(sub));

/** SubscriptionsPort on the official client. */
export class StripeSubscriptionsApi implements SubscriptionsPort {
  constructor(
    private readonly stripe: Pick<
      Stripe,
      "paymentIntents" | "paymentMethods" | "prices" | "subscriptions" | "invoices"
    >,
  ) {}

  async paymentOf(paymentIntentId: PaymentIntentId): Promise<Result<PaymentOfOrder, StripeMissing>> {
    const found = await callStripe(["missing"], () =>
      this.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["payment_method"] }),
    );
    if (!found.ok) return found;
    const customer = typeof found.value.customer === "string" ? found.value.customer : found.value.customer?.id;
    const method = found.value.payment_method;
    const methodCustomer = typeof method === "object" ? method?.customer : undefined;
    return ok({
      customerId: customer ? stripeCustomerIdSchema.parse(customer) : null,
      paymentMethodId: typeof method === "string" ? method : (method?.id ?? null),
      cardSaved:
        customer !== undefined &&
        (typeof methodCustomer === "string" ? methodCustomer : methodCustomer?.id) === customer,
    });
  }

  async attachPaymentMethod(paymentMethodId: string, customerId: string): Promise<void> {
    const method = await callStripe([], () => this.stripe.paymentMethods.retrieve(paymentMethodId));
    if (method.ok && method.value.customer === customerId) return;
    await callStripe([], () => this.stripe.paymentMethods.attach(paymentMethodId, { customer: customerId }));
  }

  async createPrice(price: NewRecurringPrice, idempotencyKey: string): Promise<Result<string, IdempotencyMismatch>> {
    const created = await callStripe(["idempotency_mismatch"], () =>
      this.stripe.prices.create(
        {
          currency: price.amount.currency.toLowerCase(),
          unit_amount: price.amount.amount,
          recurring: { interval: price.recurrence.interval, interval_count: price.recurrence.intervalCount },
          product_data: { name: price.productName },
          metadata: price.metadata,
        },
        { idempotencyKey },
      ),
    );
    return created.ok ? ok(created.value.id) : created;
  }

  async createSubscription(
    sub: NewSubscription,
    idempotencyKey: string,
  ): Promise<Result<SubscriptionSnapshot, IdempotencyMismatch>> {
    const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
    const created = await callStripe(["idempotency_mismatch"], () =>
      this.stripe.subscriptions.create(
        {
          customer: sub.customerId,
          items: [{ price: sub.priceId }],
          default_payment_method: sub.paymentMethodId,
          trial_end: seconds(sub.trialEnd),
          cancel_at: seconds(sub.cancelAt),
          off_session: true,
          metadata: sub.metadata,
        },
        { idempotencyKey },
      ),
    );
    return created.ok ? ok(asSnapshot(created.value)) : created;
  }

  async retrieveSubscription(id: string): Promise<Result<SubscriptionSnapshot, StripeMissing>> {
    const found = await callStripe(["missing"], () => this.stripe.subscriptions.retrieve(id));
    return found.ok ? ok(asSnapshot(found.value)) : found;
  }

  async cancelSubscription(id: string, idempotencyKey: string): Promise<Result<SubscriptionSnapshot, StripeMissing>> {
    const cancelled = await callStripe(["missing"], () => this.stripe.subscriptions.cancel(id, {}, { idempotencyKey }));
    return cancelled.ok ? ok(asSnapshot(cancelled.value)) : cancelled;
  }

  async invoicePaymentIntent(invoiceId: string): Promise<string | null> {
    const found = await callStripe([], () => this.stripe.invoices.retrieve(invoiceId, { expand: ["payments"] }));
    if (!found.ok) return null;
    const payment = found.value.payments?.data.find((p) => p.status === "paid") ?? found.value.payments?.data[0];
    const intent = payment?.payment.payment_intent;
    return intent == null ? null : typeof intent === "string" ? intent : intent.id;
  }

  subscriptionFromEvent({ eventId, payload }: { eventId: string; payload: unknown }): SubscriptionSnapshot {
    return snapshotOf(parse(subscriptionSchema, eventId, payload));
  }

  invoiceFromEvent({ eventId, payload }: { eventId: string; payload: unknown }): InvoiceSnapshot {
    const invoice = parse(invoiceSchema, eventId, payload);
    const details = invoice.parent?.subscription_details;
    return {
      id: invoice.id,
      subscriptionId: details?.subscription ?? null,
      recurringPaymentId: recurringPaymentIdOf(details?.metadata),
      billingReason: invoice.billing_reason ?? "manual",
      status: invoice.status ?? "draft",
      attemptCount: invoice.attempt_count,
      amountDue: money(invoice.amount_due, invoice.currency),
      created: new Date(invoice.created * 1000),
    };
  }
}
