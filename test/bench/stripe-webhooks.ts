// What the benchmarks send: signed Stripe webhooks of realistic size, over node:http with keep-alive.
import { randomBytes } from "node:crypto";
import { type Agent, request } from "node:http";

/** A PaymentIntent event of realistic size (~3 KB: every field Stripe sends), as Stripe sends it. */
export function realisticEvent(i: number, type: string) {
  const pi = `pi_${randomBytes(12).toString("hex")}`;
  const ch = `ch_${randomBytes(12).toString("hex")}`;
  const amount = 1000 + (i % 50_000);
  return {
    id: `evt_${randomBytes(12).toString("hex")}`,
    object: "event",
    api_version: "2025-09-30.clover",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: `req_${randomBytes(7).toString("hex")}`, idempotency_key: randomBytes(16).toString("hex") },
    type,
    data: {
      object: {
        id: pi,
        object: "payment_intent",
        amount,
        amount_capturable: 0,
        amount_details: { tip: {} },
        amount_received: amount,
        application: null,
        application_fee_amount: null,
        automatic_payment_methods: { allow_redirects: "always", enabled: true },
        canceled_at: null,
        cancellation_reason: null,
        currency: "usd",
        capture_method: "automatic_async",
        confirmation_method: "automatic",
        created: Math.floor(Date.now() / 1000),
        customer: `cus_${randomBytes(7).toString("hex")}`,
        description: `nopCommerce order #${10_000 + i}`,
        last_payment_error: null,
        latest_charge: ch,
        livemode: false,
        next_action: null,
        on_behalf_of: null,
        payment_method: `pm_${randomBytes(12).toString("hex")}`,
        payment_method_configuration_details: { id: `pmc_${randomBytes(12).toString("hex")}`, parent: null },
        payment_method_types: ["card"],
        processing: null,
        receipt_email: "jane@example.com",
        review: null,
        setup_future_usage: null,
        source: null,
        statement_descriptor: null,
        statement_descriptor_suffix: null,
        status: "succeeded",
        transfer_data: null,
        transfer_group: null,
        client_secret: null,
        metadata: {
          nop_order_id: String(10_000 + i),
          nop_order_guid: crypto.randomUUID(),
          nop_custom_order_number: String(10_000 + i),
          nop_customer_id: String(500 + (i % 900)),
          nop_store_id: "1",
          nop_product_ids: "12,57,301,1044,2210",
        },
        payment_method_options: {
          card: { request_three_d_secure: "automatic", installments: null, mandate_options: null, network: null },
        },
        shipping: {
          name: "Jane Doe",
          phone: "+1 555 0100",
          carrier: null,
          tracking_number: null,
          address: {
            line1: "1 Market Street",
            line2: "Suite 400",
            city: "San Francisco",
            state: "CA",
            postal_code: "94105",
            country: "US",
          },
        },
        charges_preview: {
          id: ch,
          object: "charge",
          amount,
          amount_captured: amount,
          amount_refunded: 0,
          captured: true,
          paid: true,
          balance_transaction: `txn_${randomBytes(12).toString("hex")}`,
          billing_details: {
            email: "jane@example.com",
            name: "Jane Doe",
            phone: null,
            address: {
              line1: "1 Market Street",
              line2: null,
              city: "San Francisco",
              state: "CA",
              postal_code: "94105",
              country: "US",
            },
          },
          outcome: {
            network_status: "approved_by_network",
            reason: null,
            risk_level: "normal",
            risk_score: 32,
            seller_message: "Payment complete.",
            type: "authorized",
          },
          payment_method_details: {
            type: "card",
            card: {
              brand: "visa",
              country: "US",
              exp_month: 12,
              exp_year: 2030,
              fingerprint: randomBytes(8).toString("hex"),
              funding: "credit",
              last4: "4242",
              network: "visa",
              checks: { address_line1_check: "pass", address_postal_code_check: "pass", cvc_check: "pass" },
              three_d_secure: null,
              wallet: null,
            },
          },
          receipt_url: `https://pay.stripe.com/receipts/payment/${randomBytes(40).toString("base64url")}`,
        },
      },
    },
  };
}

/** POSTs one signed webhook; resolves with the status code (0 is never returned: a network error rejects). */
export function postWebhook(agent: Agent, url: URL, body: string, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "stripe-signature": signature,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
