import type Stripe from "stripe";
import { addInterval, periodEndAfter } from "./billing-periods.js";
import { nextRetryAt } from "./billing-settings.js";
import type { EmulatorContext } from "./context.js";
import { customerNow, findCustomer } from "./customers.js";
import { invalidRequest, resourceMissing, StripeApiError } from "./errors.js";
import { changedAttributes, emitEvent } from "./events.js";
import type { ParamObject } from "./form-decoding.js";
import { newId } from "./ids.js";
import { attemptInvoicePayment, createSubscriptionInvoice, type InvoiceLine } from "./invoices.js";
import { listOf, matchesRange, paginate } from "./list-pagination.js";
import {
  metadataOnCreate,
  metadataOnUpdate,
  optArray,
  optBool,
  optEnum,
  optInt,
  optNullableString,
  optString,
  rejectUnknown,
  reqString,
} from "./params.js";
import { findIntent } from "./payment-intents.js";
import { findPrice, planOf } from "./prices.js";
import { pathId, type Router } from "./router.js";
import { currentPeriodEnd, type DueWork, nextDueWork } from "./subscription-due-work.js";

const CREATE_PARAMS = [
  "customer",
  "items",
  "default_payment_method",
  "payment_behavior",
  "metadata",
  "cancel_at_period_end",
  "collection_method",
  "description",
  "off_session",
  "payment_settings",
  "proration_behavior",
  "currency",
  "trial_end",
  "trial_period_days",
  "cancel_at",
];

const DAY = 24 * 60 * 60;

/** `trial_end` (a time, or `now` for none) or `trial_period_days`; undefined when there is no trial. */
function readTrialEnd(params: ParamObject, now: number): number | undefined {
  if (params.trial_end === "now") return undefined;
  const end = optInt(params, "trial_end") ?? now + (optInt(params, "trial_period_days") ?? 0) * DAY;
  if (end <= now) {
    if (params.trial_end === undefined) return undefined;
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", { param: "trial_end" });
  }
  if (end > now + 730 * DAY)
    throw invalidRequest("The trial period must be 730 days (2 years) or less.", { param: "trial_end" });
  return end;
}

/** `cancel_at`: a future time; an empty string (update) clears it. */
function readCancelAt(params: ParamObject, now: number): number | null | undefined {
  if (params.cancel_at === "") return null;
  const at = optInt(params, "cancel_at");
  if (at !== undefined && at <= now)
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", { param: "cancel_at" });
  return at;
}

export function findSubscription(ctx: EmulatorContext, id: string, param = "id"): Stripe.Subscription {
  return ctx.store.findOrMissing<Stripe.Subscription>(id, "subscription", param);
}

function readItems(ctx: EmulatorContext, params: ParamObject): Array<{ price: Stripe.Price; quantity: number }> {
  const items = optArray(params, "items") ?? [];
  if (items.length === 0)
    throw invalidRequest("Missing required param: items.", { code: "parameter_missing", param: "items" });
  const read = items.map((item, index) => {
    if (typeof item !== "object" || Array.isArray(item)) throw invalidRequest("Invalid array", { param: "items" });
    const price = findPrice(ctx, reqString(item, "price"), `items[${index}][price]`);
    if (!price.recurring) {
      throw invalidRequest(
        `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
        { param: `items[${index}][price]` },
      );
    }
    return { price, quantity: optInt(item, "quantity") ?? 1 };
  });
  const [first] = read;
  if (read.some((i) => i.price.currency !== first?.price.currency)) {
    throw invalidRequest("All prices on a subscription must have the same currency.", { param: "items" });
  }
  return read;
}

function paymentMethodFor(ctx: EmulatorContext, sub: Stripe.Subscription): string | null {
  if (typeof sub.default_payment_method === "string") return sub.default_payment_method;
  const customer = ctx.store.find<Stripe.Customer>(String(sub.customer), "customer");
  const fallback = customer?.invoice_settings.default_payment_method;
  return typeof fallback === "string" ? fallback : null;
}

function invoiceLines(sub: Stripe.Subscription): InvoiceLine[] {
  return sub.items.data.map((item) => ({ price: item.price, quantity: item.quantity ?? 1, subscriptionItem: item.id }));
}

function createSubscription(ctx: EmulatorContext, params: ParamObject): Stripe.Subscription {
  rejectUnknown(params, CREATE_PARAMS);
  const customer = findCustomer(ctx, reqString(params, "customer"));
  const items = readItems(ctx, params);
  const behavior =
    optEnum(params, "payment_behavior", [
      "allow_incomplete",
      "default_incomplete",
      "error_if_incomplete",
      "pending_if_incomplete",
    ]) ?? "allow_incomplete";
  const defaultPm = optString(params, "default_payment_method") ?? null;
  if (defaultPm) {
    const pm = ctx.store.find<Stripe.PaymentMethod>(defaultPm, "payment_method");
    if (!pm || pm.customer !== customer.id) throw resourceMissing("PaymentMethod", defaultPm, "default_payment_method");
  }
  return ctx.atTime(customerNow(ctx, customer), () => {
    const now = ctx.now();
    const trialEnd = readTrialEnd(params, now);
    const cancelAt = readCancelAt(params, now) ?? null;
    const id = newId("sub");
    const subscriptionItems: Stripe.SubscriptionItem[] = items.map(({ price, quantity }) => ({
      id: newId("si", 14),
      object: "subscription_item",
      billing_thresholds: null,
      created: now,
      current_period_end:
        trialEnd ?? addInterval(now, price.recurring?.interval ?? "month", price.recurring?.interval_count ?? 1),
      current_period_start: now,
      current_trial: null,
      discounts: [],
      metadata: {},
      plan: planOf(price),
      price,
      quantity,
      subscription: id,
      tax_rates: [],
    }));
    const sub: Stripe.Subscription = {
      id,
      object: "subscription",
      application: null,
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: now,
      billing_cycle_anchor_config: null,
      billing_mode: { flexible: null, type: "classic" },
      billing_schedules: [],
      billing_thresholds: null,
      cancel_at: cancelAt,
      cancel_at_period_end: optBool(params, "cancel_at_period_end") ?? false,
      canceled_at: null,
      cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
      collection_method: "charge_automatically",
      created: now,
      currency: items[0]?.price.currency ?? "usd",
      customer: customer.id,
      customer_account: null,
      days_until_due: null,
      default_payment_method: defaultPm,
      default_source: null,
      description: optString(params, "description") ?? null,
      discounts: [],
      ended_at: null,
      invoice_settings: {
        account_tax_ids: null,
        custom_fields: null,
        description: null,
        footer: null,
        issuer: { type: "self" },
      },
      items: listOf(subscriptionItems, `/v1/subscription_items?subscription=${id}`),
      latest_invoice: null,
      livemode: false,
      managed_payments: null,
      metadata: metadataOnCreate(params),
      next_pending_invoice_item_invoice: null,
      on_behalf_of: null,
      pause_collection: null,
      payment_settings: {
        payment_method_options: null,
        payment_method_types: null,
        save_default_payment_method: "off",
      },
      pending_invoice_item_interval: null,
      pending_setup_intent: null,
      pending_update: null,
      schedule: null,
      start_date: now,
      status: "incomplete",
      test_clock: customer.test_clock ?? null,
      transfer_data: null,
      trial_end: trialEnd ?? null,
      trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
      trial_start: trialEnd ? now : null,
    };
    ctx.store.insert(sub);
    emitEvent(ctx, "customer.subscription.created", sub);
    const invoice = createSubscriptionInvoice(ctx, {
      subscription: sub,
      customer,
      lines: invoiceLines(sub),
      period: { start: now, end: currentPeriodEnd(sub) },
      reason: "subscription_create",
      trial: trialEnd !== undefined,
    });
    sub.latest_invoice = invoice.id;
    const before = structuredClone(sub);
    const paymentMethod = behavior === "default_incomplete" ? null : paymentMethodFor(ctx, sub);
    const paid = attemptInvoicePayment(ctx, invoice, paymentMethod);
    if (paid) sub.status = trialEnd ? "trialing" : "active";
    else if (behavior === "error_if_incomplete") sub.status = "incomplete_expired";
    emitEvent(ctx, "customer.subscription.updated", sub, changedAttributes(before, sub));
    if (!paid && behavior === "error_if_incomplete") throw paymentError(ctx, invoice);
    return sub;
  });
}

/** The card error of the invoice's last payment attempt, as `error_if_incomplete` answers. */
function paymentError(ctx: EmulatorContext, invoice: Stripe.Invoice): StripeApiError {
  const payment = ctx.store.all<Stripe.InvoicePayment>("invoice_payment").find((p) => p.invoice === invoice.id);
  const intent = payment?.payment.payment_intent ? findIntent(ctx, String(payment.payment.payment_intent)) : undefined;
  const last = intent?.last_payment_error;
  return new StripeApiError(402, {
    type: "card_error",
    code: last?.code ?? "card_declined",
    decline_code: last?.decline_code,
    message: last?.message ?? "Your card was declined.",
  });
}

/** Pays an open invoice again (`POST /v1/invoices/:id/pay`) and reactivates its subscription. */
export function retryInvoice(ctx: EmulatorContext, invoice: Stripe.Invoice, paymentMethod: string | undefined): void {
  const subId = invoice.parent?.subscription_details?.subscription;
  const sub = subId ? findSubscription(ctx, String(subId)) : undefined;
  const pm = paymentMethod ?? (sub ? paymentMethodFor(ctx, sub) : null);
  const customer = findCustomer(ctx, String(invoice.customer));
  ctx.atTime(customerNow(ctx, customer), () => {
    const paid = attemptInvoicePayment(ctx, invoice, pm);
    if (paid && sub && (sub.status === "past_due" || sub.status === "incomplete")) {
      const before = structuredClone(sub);
      sub.status = "active";
      emitEvent(ctx, "customer.subscription.updated", sub, changedAttributes(before, sub));
    }
  });
}

function cancelNow(
  ctx: EmulatorContext,
  sub: Stripe.Subscription,
  reason: Stripe.Subscription.CancellationDetails.Reason,
): void {
  const now = ctx.now();
  sub.status = "canceled";
  sub.canceled_at = sub.canceled_at ?? now;
  sub.ended_at = now;
  sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason };
  emitEvent(ctx, "customer.subscription.deleted", sub);
}

/** Starts the next period at `periodEnd`: invoices it and charges the default payment method. */
function renew(ctx: EmulatorContext, sub: Stripe.Subscription, periodEnd: number): void {
  ctx.atTime(periodEnd, () => {
    if (sub.cancel_at_period_end) {
      cancelNow(ctx, sub, "cancellation_requested");
      return;
    }
    const before = structuredClone(sub);
    // A trial's end starts the billing cycle (Stripe moves billing_cycle_anchor to trial_end).
    if (sub.status === "trialing") sub.billing_cycle_anchor = periodEnd;
    for (const item of sub.items.data) {
      item.current_period_start = periodEnd;
      item.current_period_end = periodEndAfter(
        sub.billing_cycle_anchor,
        item.price.recurring?.interval ?? "month",
        item.price.recurring?.interval_count ?? 1,
        periodEnd,
      );
    }
    const customer = findCustomer(ctx, String(sub.customer));
    const invoice = createSubscriptionInvoice(ctx, {
      subscription: sub,
      customer,
      lines: invoiceLines(sub),
      period: { start: periodEnd, end: currentPeriodEnd(sub) },
      reason: "subscription_cycle",
    });
    sub.latest_invoice = invoice.id;
    emitEvent(ctx, "customer.subscription.updated", sub, changedAttributes(before, sub));
    const paid = attemptWithRetries(ctx, sub, invoice, periodEnd);
    setStatus(ctx, sub, paid ? "active" : "past_due");
  });
}

/** Charges the invoice; a failure is retried on the account's schedule, unless there is no payment method to retry. */
function attemptWithRetries(
  ctx: EmulatorContext,
  sub: Stripe.Subscription,
  invoice: Stripe.Invoice,
  at: number,
): boolean {
  const paymentMethod = paymentMethodFor(ctx, sub);
  return attemptInvoicePayment(ctx, invoice, paymentMethod, (attempt) =>
    paymentMethod ? nextRetryAt(ctx.billing, attempt, at) : null,
  );
}

function setStatus(ctx: EmulatorContext, sub: Stripe.Subscription, status: Stripe.Subscription.Status): void {
  const before = structuredClone(sub);
  sub.status = status;
  const changed = changedAttributes(before, sub);
  if (Object.keys(changed).length > 0) emitEvent(ctx, "customer.subscription.updated", sub, changed);
}

/**
 * An automatic retry of a past_due subscription's open invoice (billing-settings.ts): paid makes it active again;
 * when the last scheduled retry fails, the account's setting cancels it, marks it unpaid or leaves it past_due.
 */
function retry(ctx: EmulatorContext, sub: Stripe.Subscription, invoice: Stripe.Invoice, at: number): void {
  ctx.atTime(at, () => {
    const paid = attemptWithRetries(ctx, sub, invoice, at);
    if (paid) setStatus(ctx, sub, "active");
    else if (invoice.next_payment_attempt === null && ctx.billing.afterAllRetriesFail === "cancel")
      cancelNow(ctx, sub, "payment_failed");
    else if (invoice.next_payment_attempt === null && ctx.billing.afterAllRetriesFail === "unpaid")
      setStatus(ctx, sub, "unpaid");
  });
}

/** Trial notices sent, per emulated account (Stripe sends one per trial). */
const trialNotices = new WeakMap<EmulatorContext, Set<string>>();

function sendTrialNotice(ctx: EmulatorContext, sub: Stripe.Subscription, at: number): void {
  const sent = trialNotices.get(ctx) ?? new Set<string>();
  trialNotices.set(ctx, sent);
  sent.add(sub.id);
  ctx.atTime(at, () => emitEvent(ctx, "customer.subscription.trial_will_end", sub));
}

function runDueWork(ctx: EmulatorContext, work: DueWork): void {
  switch (work.kind) {
    case "trial_will_end":
      sendTrialNotice(ctx, work.sub, work.at);
      break;
    case "cancel_at":
      ctx.atTime(work.at, () => cancelNow(ctx, work.sub, "cancellation_requested"));
      break;
    case "renew":
      renew(ctx, work.sub, work.at);
      break;
    case "retry":
      retry(ctx, work.sub, work.invoice, work.at);
      break;
  }
}

/** Runs every piece of billing due on a test clock up to `target`, in time order (subscription-due-work.ts). */
export function runBillingUntil(ctx: EmulatorContext, clockId: string, target: number): void {
  const openInvoice = (sub: Stripe.Subscription) => {
    const invoice = sub.latest_invoice
      ? ctx.store.find<Stripe.Invoice>(String(sub.latest_invoice), "invoice")
      : undefined;
    return invoice?.status === "open" ? invoice : undefined;
  };
  const noticeSent = (sub: Stripe.Subscription) => trialNotices.get(ctx)?.has(sub.id) ?? false;
  for (;;) {
    const subs = ctx.store.all<Stripe.Subscription>("subscription").filter((s) => s.test_clock === clockId);
    const work = nextDueWork(subs, openInvoice, noticeSent, target);
    if (!work) return;
    runDueWork(ctx, work);
  }
}

/**
 * `items[n][id]` + `items[n][price]`: the item bills the new price from its next period on. Only
 * `proration_behavior=none` is emulated (no proration invoice items), and only prices of the same interval (another
 * interval would reset the billing cycle anchor).
 */
function changePrices(ctx: EmulatorContext, sub: Stripe.Subscription, params: ParamObject): void {
  if (optString(params, "proration_behavior") !== "none")
    throw invalidRequest("The emulator changes prices with proration_behavior=none only (no prorations).", {
      param: "proration_behavior",
    });
  for (const [index, entry] of (optArray(params, "items") ?? []).entries()) {
    if (typeof entry !== "object" || Array.isArray(entry)) throw invalidRequest("Invalid array", { param: "items" });
    const item = sub.items.data.find((i) => i.id === reqString(entry, "id"));
    if (!item) throw resourceMissing("subscription item", reqString(entry, "id"), `items[${index}][id]`);
    const price = findPrice(ctx, reqString(entry, "price"), `items[${index}][price]`);
    const [from, to] = [item.price.recurring, price.recurring];
    if (
      !to ||
      from?.interval !== to.interval ||
      from.interval_count !== to.interval_count ||
      price.currency !== sub.currency
    )
      throw invalidRequest("The emulator only swaps a price for one of the same currency and interval.", {
        param: `items[${index}][price]`,
      });
    item.price = price;
    item.plan = planOf(price);
    item.quantity = optInt(entry, "quantity") ?? item.quantity;
  }
}

function updateSubscription(ctx: EmulatorContext, sub: Stripe.Subscription, params: ParamObject): Stripe.Subscription {
  rejectUnknown(params, [
    "cancel_at_period_end",
    "metadata",
    "default_payment_method",
    "description",
    "proration_behavior",
    "items",
    "cancel_at",
  ]);
  const before = structuredClone(sub);
  if (params.items !== undefined) changePrices(ctx, sub, params);
  const cancelAt = readCancelAt(params, ctx.now());
  if (cancelAt !== undefined) {
    sub.cancel_at = cancelAt;
    sub.cancel_at_period_end = false;
    sub.canceled_at = cancelAt === null ? null : ctx.now();
  }
  const cancelAtEnd = optBool(params, "cancel_at_period_end");
  if (cancelAtEnd !== undefined) {
    sub.cancel_at_period_end = cancelAtEnd;
    sub.cancel_at = cancelAtEnd ? currentPeriodEnd(sub) : null;
    sub.canceled_at = cancelAtEnd ? ctx.now() : null;
  }
  const pm = optNullableString(params, "default_payment_method");
  if (pm !== undefined) sub.default_payment_method = pm;
  const description = optNullableString(params, "description");
  if (description !== undefined) sub.description = description;
  sub.metadata = metadataOnUpdate(sub.metadata, params);
  const changed = changedAttributes(before, sub);
  if (Object.keys(changed).length > 0) emitEvent(ctx, "customer.subscription.updated", sub, changed);
  return sub;
}

export function registerSubscriptionRoutes(router: Router): void {
  router.post("/v1/subscriptions", (ctx, req) => createSubscription(ctx, req.params));
  router.get("/v1/subscriptions", (ctx, req) => {
    const customer = optString(req.params, "customer");
    const status = optString(req.params, "status");
    const price = optString(req.params, "price");
    const subs = ctx.store
      .all<Stripe.Subscription>("subscription")
      .filter(
        (s) =>
          (customer === undefined || s.customer === customer) &&
          (status === undefined ? s.status !== "canceled" : status === "all" || s.status === status) &&
          (price === undefined || s.items.data.some((i) => i.price.id === price)) &&
          matchesRange(s.created, req.params, "created"),
      );
    return paginate(ctx.store, subs, req.params, "/v1/subscriptions");
  });
  router.get("/v1/subscriptions/:id", (ctx, req) => findSubscription(ctx, pathId(req)));
  router.post("/v1/subscriptions/:id", (ctx, req) =>
    updateSubscription(ctx, findSubscription(ctx, pathId(req)), req.params),
  );
  router.delete("/v1/subscriptions/:id", (ctx, req) => {
    rejectUnknown(req.params, ["invoice_now", "prorate", "cancellation_details"]);
    const sub = findSubscription(ctx, pathId(req));
    if (sub.status === "canceled") {
      throw invalidRequest(`No such subscription: '${sub.id}'`, { code: "resource_missing", status: 404 });
    }
    const customer = findCustomer(ctx, String(sub.customer));
    ctx.atTime(customerNow(ctx, customer), () => cancelNow(ctx, sub, "cancellation_requested"));
    return sub;
  });
}
