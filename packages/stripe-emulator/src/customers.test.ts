import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();

describe("customers", () => {
  it("creates, retrieves and merges metadata on update", async () => {
    const customer = await kit.stripe.customers.create({
      email: "ann@example.com",
      name: "Ann",
      metadata: { nop_customer_id: "17", tier: "silver" },
      address: { line1: "1 Main St", city: "Springfield", country: "US" },
    });
    expect(customer.id).toMatch(/^cus_/);
    expect(customer.address?.city).toBe("Springfield");
    const updated = await kit.stripe.customers.update(customer.id, { metadata: { tier: "gold", vip: "yes" } });
    expect(updated.metadata).toEqual({ nop_customer_id: "17", tier: "gold", vip: "yes" });
    const unset = await kit.stripe.customers.update(customer.id, { metadata: { vip: "" } });
    expect(unset.metadata).toEqual({ nop_customer_id: "17", tier: "gold" });
    const cleared = await kit.stripe.customers.update(customer.id, { metadata: "" as unknown as Stripe.MetadataParam });
    expect(cleared.metadata).toEqual({});
    const fetched = await kit.stripe.customers.retrieve(customer.id);
    expect((fetched as Stripe.Customer).email).toBe("ann@example.com");
  });

  it("deletes a customer and then shows it as deleted", async () => {
    const customer = await kit.stripe.customers.create({ email: "gone@example.com" });
    const deleted = await kit.stripe.customers.del(customer.id);
    expect(deleted).toEqual({ id: customer.id, object: "customer", deleted: true });
    const fetched = await kit.stripe.customers.retrieve(customer.id);
    expect(fetched.deleted).toBe(true);
    const update = await kit.stripe.customers
      .update(customer.id, { name: "x" })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((update as Stripe.errors.StripeError).code).toBe("resource_missing");
  });

  it("lists by email and searches by metadata", async () => {
    await kit.stripe.customers.create({ email: "find@example.com", metadata: { nop_customer_id: "555" } });
    const list = await kit.stripe.customers.list({ email: "find@example.com" });
    expect(list.data).toHaveLength(1);
    const found = await kit.stripe.customers.search({ query: "metadata['nop_customer_id']:'555'" });
    expect(found.data.map((c) => c.email)).toEqual(["find@example.com"]);
  });

  it("attaches payment methods, sets the default and refuses cards that decline on attach", async () => {
    const customer = await kit.stripe.customers.create({ email: "cards@example.com" });
    const pm = await kit.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    expect(pm.customer).toBe(customer.id);
    const updated = await kit.stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: pm.id },
    });
    expect(updated.invoice_settings.default_payment_method).toBe(pm.id);
    const methods = await kit.stripe.customers.listPaymentMethods(customer.id);
    expect(methods.data.map((m) => m.id)).toEqual([pm.id]);
    const declined = await kit.stripe.paymentMethods
      .attach("pm_card_chargeDeclined", { customer: customer.id })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((declined as Stripe.errors.StripeError).type).toBe("StripeCardError");
    const detached = await kit.stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    const again = await kit.stripe.paymentMethods
      .attach(pm.id, { customer: customer.id })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((again as Stripe.errors.StripeError).message).toMatch(/may not be used again/);
  });

  it("saves a card for a subscription only when it paid with setup_future_usage", async () => {
    const customer = await kit.stripe.customers.create({ email: "saved@example.com" });
    const pay = async (saveForLater: boolean) => {
      const intent = await kit.stripe.paymentIntents.create({
        amount: 1500,
        currency: "usd",
        customer: customer.id,
        automatic_payment_methods: { enabled: true, allow_redirects: "never" },
        ...(saveForLater ? { setup_future_usage: "off_session" as const } : {}),
      });
      const paid = await kit.stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" });
      return String(paid.payment_method);
    };
    const saved = await kit.stripe.paymentMethods.retrieve(await pay(true));
    expect(saved.customer).toBe(customer.id);
    const unsaved = await pay(false);
    const refused = await kit.stripe.paymentMethods
      .attach(unsaved, { customer: customer.id })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(refused).toMatchObject({ type: "StripeInvalidRequestError", param: "payment_method" });
    expect((await kit.stripe.paymentMethods.retrieve(unsaved)).customer).toBeNull();
  });

  it("creates payment methods from test tokens", async () => {
    const pm = await kit.stripe.paymentMethods.create({ type: "card", card: { token: "tok_mastercard" } });
    expect(pm.card?.brand).toBe("mastercard");
    expect(pm.card?.last4).toBe("4444");
  });
});

describe("legacy charges", () => {
  it("charges a token, declines with decline_code, and captures later", async () => {
    const charge = await kit.stripe.charges.create({ amount: 1000, currency: "usd", source: "tok_visa" });
    expect(charge).toMatchObject({ status: "succeeded", captured: true, paid: true, payment_intent: null });
    expect(charge.source?.object).toBe("card");
    const declined = await kit.stripe.charges
      .create({ amount: 1000, currency: "usd", source: "tok_chargeDeclined" })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(declined).toMatchObject({ type: "StripeCardError", code: "card_declined", decline_code: "generic_decline" });
    const auth = await kit.stripe.charges.create({ amount: 1000, currency: "usd", source: "tok_visa", capture: false });
    expect(auth.captured).toBe(false);
    const captured = await kit.stripe.charges.capture(auth.id, { amount: 600 });
    expect(captured).toMatchObject({ captured: true, amount_captured: 600, amount_refunded: 400 });
    const twice = await kit.stripe.charges.capture(auth.id).catch((e: Stripe.errors.StripeError) => e);
    expect((twice as Stripe.errors.StripeError).code).toBe("charge_already_captured");
  });
});
