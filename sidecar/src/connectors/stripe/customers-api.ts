import type Stripe from "stripe";
import { type StripeCustomerId, stripeCustomerIdSchema } from "../../domain/ids.js";
import { ok, type Result } from "../../domain/result.js";
import type { CustomersPort, IdempotencyMismatch } from "../../ports/stripe.js";
import { callStripe } from "./stripe-failures.js";

/** CustomersPort on the official client: one Stripe customer per nop customer, found by metadata. */
export class StripeCustomersApi implements CustomersPort {
  constructor(private readonly stripe: Pick<Stripe, "customers">) {}

  async findByNopCustomer(customerGuid: string): Promise<StripeCustomerId | undefined> {
    const query = `metadata['nop_customer_guid']:'${customerGuid}'`;
    const found = await callStripe([], () => this.stripe.customers.search({ query, limit: 1 }));
    const id = found.ok ? found.value.data[0]?.id : undefined;
    return id === undefined ? undefined : stripeCustomerIdSchema.parse(id);
  }

  async create(
    customer: { nopCustomerGuid: string; nopCustomerId: number; email: string | null },
    idempotencyKey: string,
  ): Promise<Result<StripeCustomerId, IdempotencyMismatch>> {
    const metadata = { nop_customer_guid: customer.nopCustomerGuid, nop_customer_id: String(customer.nopCustomerId) };
    const params = { ...(customer.email ? { email: customer.email } : {}), metadata };
    const created = await callStripe(["idempotency_mismatch"], () =>
      this.stripe.customers.create(params, { idempotencyKey }),
    );
    return created.ok ? ok(stripeCustomerIdSchema.parse(created.value.id)) : created;
  }
}
