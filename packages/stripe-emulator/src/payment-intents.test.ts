import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { failure, useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();

describe("payment intents", () => {
  it("creates and confirms a payment with pm_card_visa", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 2000,
      currency: "USD",
      payment_method: "pm_card_visa",
      confirm: true,
      metadata: { nop_order_id: "42" },
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    expect(intent.status).toBe("succeeded");
    expect(intent.currency).toBe("usd");
    expect(intent.amount_received).toBe(2000);
    expect(intent.payment_method).toMatch(/^pm_/);
    expect(intent.payment_method).not.toBe("pm_card_visa");
    const retrieved = await kit.stripe.paymentIntents.retrieve(intent.id, {
      expand: ["latest_charge.balance_transaction"],
    });
    const charge = retrieved.latest_charge as Stripe.Charge;
    expect(charge.object).toBe("charge");
    expect(charge.captured).toBe(true);
    expect(charge.amount_captured).toBe(2000);
    expect(charge.payment_intent).toBe(intent.id);
    expect(charge.metadata).toEqual({ nop_order_id: "42" });
    expect(charge.outcome).toMatchObject({
      network_status: "approved_by_network",
      type: "authorized",
      risk_level: "normal",
      seller_message: "Payment complete.",
    });
    expect(charge.payment_method_details?.card).toMatchObject({
      brand: "visa",
      last4: "4242",
      checks: { cvc_check: "pass" },
    });
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(txn).toMatchObject({ amount: 2000, fee: 88, net: 1912, type: "charge", reporting_category: "charge" });
    expect(txn.fee_details).toEqual([
      { amount: 88, application: null, currency: "usd", description: "Stripe processing fees", type: "stripe_fee" },
    ]);
    expect(txn.available_on).toBeGreaterThan(txn.created);
  });

  it("walks requires_payment_method -> requires_confirmation -> succeeded", async () => {
    const created = await kit.stripe.paymentIntents.create({ amount: 1500, currency: "eur" });
    expect(created.status).toBe("requires_payment_method");
    expect(created.client_secret).toMatch(new RegExp(`^${created.id}_secret_`));
    const updated = await kit.stripe.paymentIntents.update(created.id, { payment_method: "pm_card_mastercard" });
    expect(updated.status).toBe("requires_confirmation");
    const confirmed = await kit.stripe.paymentIntents.confirm(created.id);
    expect(confirmed.status).toBe("succeeded");
    const charge = await kit.stripe.charges.retrieve(String(confirmed.latest_charge));
    expect(charge.payment_method_details?.card?.brand).toBe("mastercard");
  });

  it("declines with decline_code and lets a new payment method succeed", async () => {
    const intent = await kit.stripe.paymentIntents.create({ amount: 5000, currency: "usd" });
    const error = await failure(
      kit.stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_chargeDeclined" }),
    );
    expect(error.type).toBe("StripeCardError");
    expect(error.statusCode).toBe(402);
    expect(error.code).toBe("card_declined");
    expect(error.decline_code).toBe("generic_decline");
    expect(error.message).toBe("Your card was declined.");
    expect(error.payment_intent?.id).toBe(intent.id);
    expect(error.payment_intent?.status).toBe("requires_payment_method");
    const failed = await kit.stripe.paymentIntents.retrieve(intent.id);
    expect(failed.last_payment_error?.decline_code).toBe("generic_decline");
    expect(failed.last_payment_error?.type).toBe("card_error");
    const failedCharge = await kit.stripe.charges.retrieve(String(failed.latest_charge));
    expect(failedCharge.status).toBe("failed");
    expect(failedCharge.outcome?.network_status).toBe("declined_by_network");
    expect(failedCharge.balance_transaction).toBeNull();
    const retried = await kit.stripe.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" });
    expect(retried.status).toBe("succeeded");
    expect(retried.last_payment_error).toBeNull();
  });

  it("reports insufficient funds and fraudulent declines", async () => {
    const funds = await failure(
      kit.stripe.paymentIntents.create({
        amount: 900,
        currency: "usd",
        payment_method: "pm_card_chargeDeclinedInsufficientFunds",
        confirm: true,
      }),
    );
    expect(funds.decline_code).toBe("insufficient_funds");
    expect(funds.message).toBe("Your card has insufficient funds.");
    const fraud = await failure(
      kit.stripe.paymentIntents.create({
        amount: 900,
        currency: "usd",
        payment_method: "pm_card_chargeDeclinedFraudulent",
        confirm: true,
      }),
    );
    expect(fraud.decline_code).toBe("fraudulent");
    const charge = await kit.stripe.charges.retrieve(String(fraud.charge));
    expect(charge.outcome).toMatchObject({
      type: "blocked",
      risk_level: "highest",
      network_status: "not_sent_to_network",
    });
  });

  it("flags elevated risk on pm_card_riskLevelElevated", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 3000,
      currency: "usd",
      payment_method: "pm_card_riskLevelElevated",
      confirm: true,
      expand: ["latest_charge"],
    });
    const charge = intent.latest_charge as Stripe.Charge;
    expect(charge.outcome?.risk_level).toBe("elevated");
    expect(charge.outcome?.risk_score).toBeGreaterThan(60);
    expect(charge.outcome?.type).toBe("manual_review");
  });

  it("requires 3-D Secure and completes it through the control endpoint", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 4200,
      currency: "gbp",
      payment_method: "pm_card_authenticationRequired",
      confirm: true,
      return_url: "https://shop.example/checkout/return",
    });
    expect(intent.status).toBe("requires_action");
    expect(intent.next_action?.type).toBe("redirect_to_url");
    expect(intent.next_action?.redirect_to_url?.url).toContain(`/_emulator/3ds/${intent.id}`);
    const done = await kit.control<Stripe.PaymentIntent>(`/_emulator/payment_intents/${intent.id}/authenticate`, {
      outcome: "succeed",
    });
    expect(done.status).toBe("succeeded");
    const charge = await kit.stripe.charges.retrieve(String(done.latest_charge));
    expect(charge.payment_method_details?.card?.three_d_secure?.result).toBe("authenticated");
  });

  it("fails 3-D Secure and returns to requires_payment_method", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 4200,
      currency: "usd",
      payment_method: "pm_card_authenticationRequired",
      confirm: true,
    });
    expect(intent.next_action?.type).toBe("use_stripe_sdk");
    const failed = await kit.control<Stripe.PaymentIntent>(`/_emulator/payment_intents/${intent.id}/authenticate`, {
      outcome: "fail",
    });
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_payment_error?.code).toBe("payment_intent_authentication_failure");
  });

  it("declines off-session payments that need authentication", async () => {
    const customer = await kit.stripe.customers.create({ email: "offsession@example.com" });
    const pm = await kit.stripe.paymentMethods.attach("pm_card_authenticationRequired", { customer: customer.id });
    const error = await failure(
      kit.stripe.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        customer: customer.id,
        payment_method: pm.id,
        off_session: true,
        confirm: true,
      }),
    );
    expect(error.code).toBe("authentication_required");
    expect(error.decline_code).toBe("authentication_required");
  });

  it("captures manually, fully and partially, and releases the rest", async () => {
    const full = await kit.stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      capture_method: "manual",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    expect(full.status).toBe("requires_capture");
    expect(full.amount_capturable).toBe(1000);
    const uncaptured = await kit.stripe.charges.retrieve(String(full.latest_charge));
    expect(uncaptured.captured).toBe(false);
    expect(uncaptured.balance_transaction).toBeNull();
    const fullCapture = await kit.stripe.paymentIntents.capture(full.id);
    expect(fullCapture.status).toBe("succeeded");
    expect(fullCapture.amount_received).toBe(1000);

    const partial = await kit.stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      capture_method: "manual",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    const captured = await kit.stripe.paymentIntents.capture(partial.id, { amount_to_capture: 600 });
    expect(captured.amount_received).toBe(600);
    expect(captured.amount_capturable).toBe(0);
    const charge = await kit.stripe.charges.retrieve(String(captured.latest_charge));
    expect(charge).toMatchObject({ captured: true, amount_captured: 600, amount_refunded: 400, refunded: false });
    const txns = await kit.stripe.balanceTransactions.list({ source: charge.id });
    const net = txns.data.reduce((sum, t) => sum + t.net, 0);
    expect(net).toBe(600 - 47);
    const again = await failure(kit.stripe.paymentIntents.capture(partial.id));
    expect(again.code).toBe("payment_intent_unexpected_state");
  });

  it("cancels with a reason and refuses to cancel a succeeded payment", async () => {
    const intent = await kit.stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      capture_method: "manual",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    const canceled = await kit.stripe.paymentIntents.cancel(intent.id, { cancellation_reason: "fraudulent" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "fraudulent" });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    const charge = await kit.stripe.charges.retrieve(String(canceled.latest_charge));
    expect(charge.refunded).toBe(true);
    const succeeded = await kit.stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: true,
    });
    const error = await failure(kit.stripe.paymentIntents.cancel(succeeded.id));
    expect(error.type).toBe("StripeInvalidRequestError");
    expect(error.code).toBe("payment_intent_unexpected_state");
  });

  it("rejects unknown parameters and missing objects with Stripe's errors", async () => {
    const unknown = await failure(
      kit.stripe.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        foo: "bar",
      } as Stripe.PaymentIntentCreateParams),
    );
    expect(unknown.code).toBe("parameter_unknown");
    expect(unknown.param).toBe("foo");
    const missing = await failure(kit.stripe.paymentIntents.retrieve("pi_doesnotexist"));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe("resource_missing");
    expect(missing.message).toBe("No such payment_intent: 'pi_doesnotexist'");
    const noAmount = await failure(
      kit.stripe.paymentIntents.create({ currency: "usd" } as Stripe.PaymentIntentCreateParams),
    );
    expect(noAmount.code).toBe("parameter_missing");
    expect(noAmount.param).toBe("amount");
  });

  it("lists payment intents by customer", async () => {
    const customer = await kit.stripe.customers.create({ name: "Lister" });
    for (const amount of [1000, 2000, 3000]) {
      await kit.stripe.paymentIntents.create({ amount, currency: "usd", customer: customer.id });
    }
    const page = await kit.stripe.paymentIntents.list({ customer: customer.id, limit: 2 });
    expect(page.data.map((pi) => pi.amount)).toEqual([3000, 2000]);
    expect(page.has_more).toBe(true);
    expect(page.url).toBe("/v1/payment_intents");
  });
});
