import type Stripe from "stripe";
import type { EmulatorContext } from "./context.js";
import { invalidRequest, StripeApiError } from "./errors.js";
import { changedAttributes, emitEvent } from "./events.js";
import { newId } from "./ids.js";
import { listOf, matchesRange, paginate } from "./list-pagination.js";
import { optString, rejectUnknown } from "./params.js";
import { confirmIntent, createIntent } from "./payment-intents.js";
import { pathId, type Router } from "./router.js";

export interface InvoiceLine {
  price: Stripe.Price;
  quantity: number;
  subscriptionItem: string;
}

export interface SubscriptionInvoiceInput {
  subscription: Stripe.Subscription;
  customer: Stripe.Customer;
  lines: InvoiceLine[];
  period: { start: number; end: number };
  reason: Stripe.Invoice.BillingReason;
  /** A trial period: the lines are there, at zero (Stripe's "Trial period for ..." invoice). */
  trial?: boolean;
}

export function findInvoice(ctx: EmulatorContext, id: string, param = "invoice"): Stripe.Invoice {
  return ctx.store.findOrMissing<Stripe.Invoice>(id, "invoice", param);
}

function lineItem(
  _ctx: EmulatorContext,
  invoiceId: string,
  input: SubscriptionInvoiceInput,
  line: InvoiceLine,
): Stripe.InvoiceLineItem {
  const amount = input.trial ? 0 : (line.price.unit_amount ?? 0) * line.quantity;
  const name = line.price.nickname ?? line.price.id;
  return {
    id: newId("il"),
    object: "line_item",
    amount,
    currency: line.price.currency,
    description: input.trial ? `Trial period for ${name}` : `${line.quantity} × ${name}`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: input.subscription.id,
        subscription_item: line.subscriptionItem,
      },
      type: "subscription_item_details",
    },
    period: { start: input.period.start, end: input.period.end },
    pretax_credit_amounts: [],
    pricing: {
      price_details: { price: line.price.id, product: String(line.price.product) },
      type: "price_details",
      unit_amount_decimal: line.price.unit_amount_decimal,
    },
    quantity: line.quantity,
    quantity_decimal: String(line.quantity) as unknown as Stripe.Decimal,
    subscription: input.subscription.id,
    subtotal: amount,
    taxes: [],
  };
}

/** Creates and finalizes the invoice for one subscription period (no tax, no proration). */
export function createSubscriptionInvoice(ctx: EmulatorContext, input: SubscriptionInvoiceInput): Stripe.Invoice {
  const id = newId("in");
  const { customer } = input;
  const lines = input.lines.map((line) => lineItem(ctx, id, input, line));
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  const sequence = customer.next_invoice_sequence ?? 1;
  customer.next_invoice_sequence = sequence + 1;
  const now = ctx.now();
  const invoice: Stripe.Invoice = {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Emulated Stripe account",
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.reason,
    collection_method: "charge_automatically",
    created: now,
    currency: input.subscription.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: now,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: listOf(lines, `/v1/invoices/${id}/lines`),
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: `${customer.invoice_prefix ?? "EMU"}-${String(sequence).padStart(4, "0")}`,
    on_behalf_of: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: input.subscription.metadata, subscription: input.subscription.id },
      type: "subscription_details",
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.period.start,
    period_start: input.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: customer.test_clock ?? null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: now,
  };
  ctx.store.insert(invoice);
  emitEvent(ctx, "invoice.created", invoice);
  const before = structuredClone(invoice);
  invoice.status = "open";
  invoice.status_transitions.finalized_at = now;
  emitEvent(ctx, "invoice.finalized", invoice, changedAttributes(before, invoice));
  return invoice;
}

function recordInvoicePayment(
  ctx: EmulatorContext,
  invoice: Stripe.Invoice,
  intent: Stripe.PaymentIntent,
): Stripe.InvoicePayment {
  const payment: Stripe.InvoicePayment = {
    id: newId("inpay"),
    object: "invoice_payment",
    amount_paid: null,
    amount_requested: invoice.amount_remaining,
    created: ctx.now(),
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { payment_intent: intent.id, type: "payment_intent" },
    status: "open",
    status_transitions: { canceled_at: null, paid_at: null },
  };
  return ctx.store.insert(payment);
}

/**
 * Charges an open invoice off-session with the given payment method through a PaymentIntent.
 * Returns whether it was paid; a decline leaves it open with `invoice.payment_failed`, whose
 * `next_payment_attempt` is `retryAt(attempt_count)` (null: no automatic retry).
 */
export function attemptInvoicePayment(
  ctx: EmulatorContext,
  invoice: Stripe.Invoice,
  paymentMethod: string | null,
  retryAt: (attemptCount: number) => number | null = () => null,
): boolean {
  const before = structuredClone(invoice);
  invoice.attempted = true;
  invoice.attempt_count += 1;
  invoice.next_payment_attempt = null;
  if (invoice.amount_remaining === 0) return markPaid(ctx, invoice, before, null);
  const intent = createIntent(ctx, {
    amount: invoice.amount_remaining,
    currency: invoice.currency,
    customer: String(invoice.customer),
    paymentMethod,
    captureMethod: "automatic",
    description: `Invoice ${invoice.number}`,
    metadata: {},
    offSession: true,
  });
  const payment = recordInvoicePayment(ctx, invoice, intent);
  if (paymentMethod) {
    try {
      confirmIntent(ctx, intent, { off_session: "true" }, true);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
    }
  }
  if (intent.status === "succeeded") {
    payment.status = "paid";
    payment.amount_paid = intent.amount;
    payment.status_transitions.paid_at = ctx.now();
    return markPaid(ctx, invoice, before, payment);
  }
  invoice.next_payment_attempt = retryAt(invoice.attempt_count);
  emitEvent(ctx, "invoice.payment_failed", invoice, changedAttributes(before, invoice));
  return false;
}

function markPaid(
  ctx: EmulatorContext,
  invoice: Stripe.Invoice,
  before: Stripe.Invoice,
  payment: Stripe.InvoicePayment | null,
): boolean {
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.status = "paid";
  invoice.status_transitions.paid_at = ctx.now();
  const changed = changedAttributes(before, invoice);
  if (payment) emitEvent(ctx, "invoice_payment.paid", payment);
  emitEvent(ctx, "invoice.paid", invoice, changed);
  emitEvent(ctx, "invoice.payment_succeeded", invoice, changed);
  return true;
}

/** `expand[]=payments` on an invoice. */
export function invoicePaymentsList(ctx: EmulatorContext, invoice: { id?: unknown }) {
  const id = String(invoice.id);
  const payments = ctx.store.all<Stripe.InvoicePayment>("invoice_payment").filter((p) => p.invoice === id);
  return listOf(payments, `/v1/invoices/${id}/payments`);
}

export function registerInvoiceRoutes(
  router: Router,
  payWith: (ctx: EmulatorContext, invoice: Stripe.Invoice, pm: string | undefined) => void,
): void {
  router.get("/v1/invoices", (ctx, req) => {
    const customer = optString(req.params, "customer");
    const subscription = optString(req.params, "subscription");
    const status = optString(req.params, "status");
    const invoices = ctx.store
      .all<Stripe.Invoice>("invoice")
      .filter(
        (i) =>
          (customer === undefined || i.customer === customer) &&
          (subscription === undefined || i.parent?.subscription_details?.subscription === subscription) &&
          (status === undefined || i.status === status) &&
          matchesRange(i.created, req.params, "created"),
      );
    return paginate(ctx.store, invoices, req.params, "/v1/invoices");
  });
  router.get("/v1/invoices/:id", (ctx, req) => findInvoice(ctx, pathId(req), "id"));
  router.get("/v1/invoices/:id/lines", (ctx, req) => {
    const invoice = findInvoice(ctx, pathId(req), "id");
    return paginate(
      ctx.store,
      invoice.lines.data.map((l) => ({ ...l, created: invoice.created })),
      req.params,
      invoice.lines.url,
    );
  });
  router.post("/v1/invoices/:id/pay", (ctx, req) => {
    rejectUnknown(req.params, ["payment_method", "off_session", "source", "forgive", "paid_out_of_band", "mandate"]);
    const invoice = findInvoice(ctx, pathId(req), "id");
    if (invoice.status !== "open") throw invalidRequest("Invoice is already paid", { code: "invoice_not_open" });
    payWith(ctx, invoice, optString(req.params, "payment_method"));
    return invoice;
  });
}
