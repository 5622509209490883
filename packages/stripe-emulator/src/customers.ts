import type Stripe from "stripe";
import { addressFrom, shippingFrom } from "./addresses.js";
import type { EmulatorContext } from "./context.js";
import { invalidRequest, resourceMissing } from "./errors.js";
import { changedAttributes, emitEvent } from "./events.js";
import type { ParamObject } from "./form-decoding.js";
import { newId } from "./ids.js";
import { matchesRange, paginate } from "./list-pagination.js";
import {
  metadataOnCreate,
  metadataOnUpdate,
  optNullableString,
  optObject,
  optString,
  rejectUnknown,
} from "./params.js";
import { attachPaymentMethod } from "./payment-methods.js";
import { pathId, type Router } from "./router.js";

const CREATE_PARAMS = [
  "address",
  "balance",
  "description",
  "email",
  "invoice_prefix",
  "invoice_settings",
  "metadata",
  "name",
  "payment_method",
  "phone",
  "preferred_locales",
  "shipping",
  "test_clock",
  "tax_exempt",
  "source",
];

export function findCustomer(ctx: EmulatorContext, id: string, param = "customer"): Stripe.Customer {
  return ctx.store.findOrMissing<Stripe.Customer>(id, "customer", param);
}

/** Unix seconds on the customer's test clock when it has one, else the emulator's clock. */
export function customerNow(ctx: EmulatorContext, customer: Stripe.Customer | null): number {
  const clockId = typeof customer?.test_clock === "string" ? customer.test_clock : null;
  if (!clockId) return ctx.now();
  const clock = ctx.store.find<Stripe.TestHelpers.TestClock>(clockId, "test_helpers.test_clock");
  return clock?.frozen_time ?? ctx.now();
}

function createCustomer(ctx: EmulatorContext, params: ParamObject): Stripe.Customer {
  rejectUnknown(params, CREATE_PARAMS);
  const testClock = optString(params, "test_clock");
  if (testClock && !ctx.store.find(testClock, "test_helpers.test_clock")) {
    throw resourceMissing("test_clock", testClock, "test_clock");
  }
  const customer: Stripe.Customer = {
    id: newId("cus", 14),
    object: "customer",
    address: addressFrom(optObject(params, "address")),
    balance: 0,
    created: 0,
    currency: null,
    default_source: null,
    delinquent: false,
    description: optString(params, "description") || null,
    discount: null,
    email: optString(params, "email") || null,
    invoice_prefix: optString(params, "invoice_prefix") ?? newId("", 8).slice(1).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: metadataOnCreate(params),
    name: optString(params, "name") || null,
    next_invoice_sequence: 1,
    phone: optString(params, "phone") || null,
    preferred_locales: [],
    shipping: shippingFrom(params) ?? null,
    tax_exempt: "none",
    test_clock: testClock ?? null,
  };
  customer.created = customerNow(ctx, customer);
  ctx.store.insert(customer);
  const paymentMethod = optString(params, "payment_method");
  if (paymentMethod) attachPaymentMethod(ctx, paymentMethod, customer.id);
  applyInvoiceSettings(ctx, customer, params);
  emitEvent(ctx, "customer.created", customer);
  return customer;
}

function applyInvoiceSettings(ctx: EmulatorContext, customer: Stripe.Customer, params: ParamObject): void {
  const settings = optObject(params, "invoice_settings");
  if (!settings) return;
  const pm = optNullableString(settings, "default_payment_method");
  if (pm === undefined) return;
  if (pm !== null) {
    const found = ctx.store.find<Stripe.PaymentMethod>(pm, "payment_method");
    if (!found || found.customer !== customer.id) {
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${pm}. The payment method must be attached to the customer.`,
        { param: "invoice_settings[default_payment_method]", code: "resource_missing" },
      );
    }
  }
  customer.invoice_settings.default_payment_method = pm;
}

export function updateCustomer(ctx: EmulatorContext, id: string, params: ParamObject): Stripe.Customer {
  rejectUnknown(params, CREATE_PARAMS.filter((p) => p !== "test_clock").concat("default_source"));
  const customer = findCustomer(ctx, id, "id");
  const before = structuredClone(customer);
  const text = (name: "description" | "email" | "name" | "phone") => {
    const value = optNullableString(params, name);
    if (value !== undefined) customer[name] = value;
  };
  text("description");
  text("email");
  text("name");
  text("phone");
  if (params.address !== undefined) customer.address = addressFrom(optObject(params, "address"));
  const shipping = shippingFrom(params);
  if (shipping !== undefined) customer.shipping = shipping;
  customer.metadata = metadataOnUpdate(customer.metadata, params);
  applyInvoiceSettings(ctx, customer, params);
  const changed = changedAttributes(before, customer);
  if (Object.keys(changed).length > 0) emitEvent(ctx, "customer.updated", customer, changed);
  return customer;
}

function deleteCustomer(ctx: EmulatorContext, id: string): Stripe.DeletedCustomer {
  const customer = findCustomer(ctx, id, "id");
  const deleted: Stripe.DeletedCustomer = { id: customer.id, object: "customer", deleted: true };
  ctx.store.insert(deleted);
  emitEvent(ctx, "customer.deleted", customer);
  return deleted;
}

/** Supports the common `email:'x'`, `name:'x'` and `metadata['k']:'v'` clauses joined by AND. */
function searchCustomers(ctx: EmulatorContext, query: string): Stripe.Customer[] {
  const clauses = query.split(/\s+AND\s+/i).map((clause) => {
    const match = /^(\w+)(?:\[['"](.+?)['"]\])?\s*(:|~)\s*['"](.*)['"]$/.exec(clause.trim());
    if (!match) throw invalidRequest(`Invalid search query: ${query}`, { param: "query" });
    return { field: match[1] ?? "", key: match[2], op: match[3], value: match[4] ?? "" };
  });
  return ctx.store.all<Stripe.Customer>("customer").filter((customer) =>
    clauses.every(({ field, key, op, value }) => {
      const actual =
        field === "metadata" && key !== undefined
          ? customer.metadata[key]
          : (customer as unknown as Record<string, unknown>)[field];
      if (typeof actual !== "string") return false;
      return op === "~" ? actual.includes(value) : actual === value;
    }),
  );
}

export function registerCustomerRoutes(router: Router): void {
  router.post("/v1/customers", (ctx, req) => createCustomer(ctx, req.params));
  router.get("/v1/customers/search", (ctx, req) => {
    const found = searchCustomers(ctx, optString(req.params, "query") ?? "");
    const page = paginate(ctx.store, found, req.params, "/v1/customers/search");
    return { object: "search_result", data: page.data, has_more: page.has_more, next_page: null, url: page.url };
  });
  router.get("/v1/customers", (ctx, req) => {
    const email = optString(req.params, "email");
    const testClock = optString(req.params, "test_clock");
    const customers = ctx.store
      .all<Stripe.Customer>("customer")
      .filter((c) => (email === undefined || c.email === email) && matchesRange(c.created, req.params, "created"))
      .filter((c) => testClock === undefined || c.test_clock === testClock);
    return paginate(ctx.store, customers, req.params, "/v1/customers");
  });
  router.get("/v1/customers/:id", (ctx, req) => {
    const found = ctx.store.get(pathId(req));
    if (found?.object !== "customer") throw resourceMissing("customer", pathId(req));
    return found;
  });
  router.post("/v1/customers/:id", (ctx, req) => updateCustomer(ctx, pathId(req), req.params));
  router.delete("/v1/customers/:id", (ctx, req) => deleteCustomer(ctx, pathId(req)));
  router.get("/v1/customers/:id/payment_methods", (ctx, req) => {
    const customer = findCustomer(ctx, pathId(req), "customer");
    const methods = ctx.store.all<Stripe.PaymentMethod>("payment_method").filter((pm) => pm.customer === customer.id);
    return paginate(ctx.store, methods, req.params, `/v1/customers/${customer.id}/payment_methods`);
  });
}
