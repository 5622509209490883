import { type CustomerGuid, customerGuid, type StripeCustomerId } from "../../domain/ids.js";
import type { Result } from "../../domain/result.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { OrderCustomer, StripeCustomerLinks } from "../../ports/customer-links.js";
import type { CustomersPort, IdempotencyMismatch, StripeMissing } from "../../ports/stripe.js";
import { customerKey } from "./customer-actions.js";
import type { CustomersStore, LinkCreate, StripeCustomerLink } from "./customers-store.js";
import { customerMetadata } from "./stripe-customer-values.js";

type StripeCall = <T>(what: string, fn: () => Promise<T>) => Promise<T>;
type Exclusive = <T>(customerGuid: CustomerGuid, work: () => Promise<T>) => Promise<T>;

/**
 * Makes links, one per customer: under the customer's lock (two first orders at once wait for each other), the
 * create is stored before it is sent and sent under a key from the customer GUID alone, so a retry after a crash
 * repeats the same request and Stripe answers with the customer it made the first time.
 */
export class LinkMaker implements StripeCustomerLinks {
  constructor(
    private readonly customers: Pick<CustomersPort, "create">,
    private readonly store: Pick<CustomersStore, "linkOf" | "beginLink" | "completeLink">,
    private readonly call: StripeCall,
    private readonly exclusive: Exclusive,
  ) {}

  async ensure(customer: OrderCustomer): Promise<StripeCustomerId> {
    const guid = customerGuid(customer.customerGuid);
    const known = await this.store.linkOf(guid);
    if (known) return known.stripeCustomerId;
    return this.exclusive(guid, async () => {
      const link = await this.make({
        customerGuid: guid,
        nopCustomerId: customer.customerId,
        storeId: customer.storeId,
        values: {
          email: customer.email,
          name: null,
          phone: null,
          address: null,
          shipping: null,
          metadata: customerMetadata({ id: customer.customerId, customerGuid: guid, storeId: customer.storeId }),
        },
        version: null,
      });
      return link.stripeCustomerId;
    });
  }

  /** The link, made from `create` unless one was begun already (then that one is finished). Call under the lock. */
  async make(create: LinkCreate): Promise<StripeCustomerLink & { version: number | null }> {
    const begun = await this.store.beginLink(create);
    const { customerGuid: guid, nopCustomerId, storeId, version } = begun;
    if (begun.stripeCustomerId)
      return { customerGuid: guid, nopCustomerId, storeId, version, stripeCustomerId: begun.stripeCustomerId };
    const key = customerKey(guid, "create");
    const id = stripeAnswer(
      await this.call("create the customer", () => this.customers.create(begun.values, key)),
      `customer ${guid}`,
    );
    await this.store.completeLink(guid, id, {
      key,
      aggregate: guid,
      kind: "action",
      name: "create",
      detail: { stripeCustomerId: id, version },
    });
    return { customerGuid: guid, nopCustomerId, storeId, version, stripeCustomerId: id };
  }
}

/** A Stripe answer this flow cannot act on (its own customer gone, its key used otherwise): for a person. */
export function stripeAnswer<T>(result: Result<T, StripeMissing | IdempotencyMismatch>, about: string): T {
  if (result.ok) return result.value;
  throw new PermanentError(`${about}: ${result.error.message}`, {
    code: result.error.kind === "missing" ? "stripe_missing" : "stripe_idempotency_mismatch",
    system: "stripe",
    value: about,
    suggestion: "check the customer in the Stripe dashboard",
  });
}
