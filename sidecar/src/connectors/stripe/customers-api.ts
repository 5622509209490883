import type Stripe from "stripe";
import { type StripeCustomerId, stripeCustomerIdSchema } from "../../domain/ids.js";
import { ok, type Result } from "../../domain/result.js";
import type { CustomersPort, IdempotencyMismatch } from "../../ports/stripe.js";
import { callStripe, only } from "./stripe-failures.js";

/** CustomersPort on the official client: one Stripe customer per nop customer, found by metadata. */
export class StripeCustomersApi implements CustomersPort {
  constructor(private readonly stripe: Pick<Stripe, "customers">) {}

  async findByNopCustomer(customerGuid: string): Promise<StripeCustomerId | undefined> {
    const found = await callStripe(() =>
      this.stripe.customers.search({ query: `metadata['nop_customer_guid']:'${customerGuid}'`, limit: 1 }),
    );
    if (!found.ok) throw new Error(`customer search: ${found.error.message}`); // a search has no object to miss
    const id = found.value.data[0]?.id;
    return id === undefined ? undefined : stripeCustomerIdSchema.parse(id);
  }

  async create(
    customer: { nopCustomerGuid: string; nopCustomerId: number; email: string | null },
    idempotencyKey: string,
  ): Promise<Result<StripeCustomerId, IdempotencyMismatch>> {
    const created = only<Stripe.Customer, IdempotencyMismatch>(
      "idempotency_mismatch",
      await callStripe(() =>
        this.stripe.customers.create(
          {
            ...(customer.email ? { email: customer.email } : {}),
            metadata: { nop_customer_guid: customer.nopCustomerGuid, nop_customer_id: String(customer.nopCustomerId) },
          },
          { idempotencyKey },
        ),
      ),
    );
    return created.ok ? ok(stripeCustomerIdSchema.parse(created.value.id)) : created;
  }
}
