import { customerGuid, type StripeCustomerId } from "../../sidecar/src/domain/ids.js";
import type { FlowSql } from "../../sidecar/src/flow-kit/flow-host.js";
import { SqlCustomersStore } from "../../sidecar/src/flows/customers/adapters/sql-customers-store.js";
import { customerKey, customersFlow } from "../../sidecar/src/flows/customers/customer-actions.js";

export interface CustomerToLink {
  customerGuid: string;
  id: number;
  email: string | null;
  storeId: number;
}

/**
 * A nopCommerce customer linked to a Stripe customer made beforehand, as a backfill leaves it. Tests use it for a
 * Stripe customer on a test clock: a customer cannot join a clock later, and order-to-cash never searches Stripe.
 */
export async function linkStripeCustomer(sql: FlowSql, customer: CustomerToLink, id: StripeCustomerId): Promise<void> {
  const store = new SqlCustomersStore(sql, customersFlow);
  const guid = customerGuid(customer.customerGuid);
  const values = { email: customer.email, name: null, phone: null, address: null, shipping: null, metadata: {} };
  await store.beginLink({
    customerGuid: guid,
    nopCustomerId: customer.id,
    storeId: customer.storeId,
    values,
    version: null,
  });
  await store.completeLink(guid, id, {
    key: customerKey(guid, "create"),
    aggregate: guid,
    kind: "action",
    name: "create",
    detail: { stripeCustomerId: id },
  });
}
