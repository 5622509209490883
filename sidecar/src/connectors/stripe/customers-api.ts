import type Stripe from "stripe";
import type { StandardAddress } from "../../domain/customers/standard-address.js";
import { type StripeCustomerId, stripeCustomerIdSchema } from "../../domain/ids.js";
import { ok, type Result } from "../../domain/result.js";
import type { CustomersPort, IdempotencyMismatch, StripeCustomerValues, StripeMissing } from "../../ports/stripe.js";
import { callStripe } from "./stripe-failures.js";

/** CustomersPort on the official client. */
export class StripeCustomersApi implements CustomersPort {
  constructor(private readonly stripe: Pick<Stripe, "customers">) {}

  async create(
    customer: StripeCustomerValues,
    idempotencyKey: string,
  ): Promise<Result<StripeCustomerId, IdempotencyMismatch>> {
    const created = await callStripe(["idempotency_mismatch"], () =>
      this.stripe.customers.create(createParams(customer), { idempotencyKey }),
    );
    return created.ok ? ok(stripeCustomerIdSchema.parse(created.value.id)) : created;
  }

  async update(
    id: StripeCustomerId,
    customer: StripeCustomerValues,
    idempotencyKey: string,
  ): Promise<Result<void, StripeMissing | IdempotencyMismatch>> {
    const updated = await callStripe(["missing", "idempotency_mismatch"], () =>
      this.stripe.customers.update(id, params(customer), { idempotencyKey }),
    );
    return updated.ok ? ok(undefined) : updated;
  }
}

/**
 * The values as Stripe's parameters. An update sends a missing value as "" (Stripe's way to clear it); a create
 * leaves it out.
 */
function params(customer: StripeCustomerValues, clear = "" as string | undefined): Stripe.CustomerUpdateParams {
  const address = (a: StandardAddress) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v ?? clear])) as Stripe.AddressParam;
  const value = <T>(v: T | null) => (v === null ? clear : v);
  return {
    email: value(customer.email),
    name: value(customer.name),
    phone: value(customer.phone),
    address: customer.address ? address(customer.address) : (clear as ""),
    shipping: customer.shipping
      ? {
          name: customer.shipping.name,
          phone: value(customer.shipping.phone),
          address: address(customer.shipping.address),
        }
      : (clear as ""),
    metadata: customer.metadata,
  };
}

const createParams = (customer: StripeCustomerValues) =>
  JSON.parse(JSON.stringify(params(customer, undefined))) as Stripe.CustomerCreateParams;
