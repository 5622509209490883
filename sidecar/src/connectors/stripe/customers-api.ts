import type Stripe from "stripe";
import { type StandardAddress, standardAddress } from "../../domain/customers/standard-address.js";
import { type StripeCustomerId, stripeCustomerIdSchema } from "../../domain/ids.js";
import { err, ok, type Result } from "../../domain/result.js";
import type {
  CardOnFile,
  CustomersPort,
  IdempotencyMismatch,
  StripeCustomerFields,
  StripeCustomerUpdate,
  StripeCustomerValues,
  StripeMissing,
} from "../../ports/stripe.js";
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

  async retrieve(id: StripeCustomerId): Promise<Result<StripeCustomerFields, StripeMissing>> {
    const found = await callStripe(["missing"], () => this.stripe.customers.retrieve(id));
    if (!found.ok) return found;
    const customer = found.value;
    if (customer.deleted) return err({ kind: "missing", message: `customer ${id} was deleted` });
    return ok(fieldsOf(customer));
  }

  async update(
    id: StripeCustomerId,
    customer: StripeCustomerUpdate,
    idempotencyKey: string,
  ): Promise<Result<void, StripeMissing | IdempotencyMismatch>> {
    const updated = await callStripe(["missing", "idempotency_mismatch"], () =>
      this.stripe.customers.update(id, params(customer), { idempotencyKey }),
    );
    return updated.ok ? ok(undefined) : updated;
  }

  async cards(
    id: StripeCustomerId,
    page: { after?: string; limit: number },
  ): Promise<Result<{ cards: CardOnFile[]; hasMore: boolean }, StripeMissing>> {
    const listed = await callStripe(["missing"], () =>
      this.stripe.customers.listPaymentMethods(id, {
        type: "card",
        limit: page.limit,
        ...(page.after ? { starting_after: page.after } : {}),
      }),
    );
    if (!listed.ok) return listed;
    // Only these four of the card leave this function: never the fingerprint, country, funding or checks.
    const cards = listed.value.data.flatMap(({ id: pm, card }) =>
      card ? [{ id: pm, brand: card.brand, last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year }] : [],
    );
    return ok({ cards, hasMore: listed.value.has_more });
  }
}

/** Stripe's customer in the sync's form: addresses standardized as ours are, so equal addresses compare equal. */
function fieldsOf(customer: Stripe.Customer): StripeCustomerFields {
  const address = (a: Stripe.Address | null | undefined) =>
    a
      ? standardAddress({
          address1: a.line1,
          address2: a.line2,
          city: a.city,
          stateProvinceCode: a.state,
          zipPostalCode: a.postal_code,
          countryCode: a.country,
        })
      : null;
  const billing = address(customer.address);
  const shipping = customer.shipping;
  return {
    email: customer.email ?? null,
    name: customer.name ?? null,
    phone: customer.phone ?? null,
    address: billing && Object.values(billing).some((v) => v !== null) ? billing : null,
    shipping:
      shipping?.name && shipping.address
        ? { name: shipping.name, phone: shipping.phone ?? null, address: address(shipping.address)! }
        : null,
  };
}

/**
 * The values as Stripe's parameters. An update sends a missing value as "" (Stripe's way to clear it); a create
 * leaves it out.
 */
function params(customer: StripeCustomerUpdate, clear = "" as string | undefined): Stripe.CustomerUpdateParams {
  const address = (a: StandardAddress) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v ?? clear])) as Stripe.AddressParam;
  const value = <T>(v: T | null) => (v === null ? clear : v);
  const out: Stripe.CustomerUpdateParams = { metadata: customer.metadata };
  if ("email" in customer) out.email = value(customer.email ?? null);
  if ("name" in customer) out.name = value(customer.name ?? null);
  if ("phone" in customer) out.phone = value(customer.phone ?? null);
  if ("address" in customer) out.address = customer.address ? address(customer.address) : (clear as "");
  if ("shipping" in customer)
    out.shipping = customer.shipping
      ? {
          name: customer.shipping.name,
          phone: value(customer.shipping.phone),
          address: address(customer.shipping.address),
        }
      : (clear as "");
  return out;
}

const createParams = (customer: StripeCustomerValues) =>
  JSON.parse(JSON.stringify(params(customer, undefined))) as Stripe.CustomerCreateParams;
