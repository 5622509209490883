import { parseStoredBridgeEvent } from "../../connectors/nop/parse-bridge-event.js";
import { customerGuid } from "../../domain/ids.js";
import { eventKey } from "../../flow-kit/action-key.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import type { AdvanceCustomer } from "./advance-customer.js";
import type { CustomersStore } from "./customers-store.js";
import { isRegistered } from "./plan-customer.js";

/** Bridge customer events the flow follows. */
export const customerEventTypes = ["customer.registered", "customer.updated"] as const;

/**
 * nopCommerce customer events -> the newest version kept -> the customer advances. Guests are never sent to
 * Stripe. A duplicate or a late (older) event changes nothing. A change nopCommerce made because we wrote
 * Stripe's values back (origin stripe) is kept as the newest version but not pushed back: no loop.
 */
export class HandleCustomerEvent {
  constructor(
    private readonly store: Pick<CustomersStore, "recordNop">,
    private readonly advance: Pick<AdvanceCustomer, "run">,
  ) {}

  readonly handle = async (event: InboxEvent): Promise<void> => {
    const parsed = parseStoredBridgeEvent(event);
    if (parsed.type !== "customer.registered" && parsed.type !== "customer.updated") return;
    const { version, origin, updatedAt } = parsed.payload;
    const customer = { ...parsed.payload.customer, updatedOnUtc: updatedAt, version };
    if (!isRegistered(customer.customerRoleSystemNames)) return;
    const guid = customerGuid(customer.customerGuid);
    const fromStripe = origin?.system === "stripe";
    await this.store.recordNop(
      { customer, version },
      {
        key: eventKey("bridge", event.eventId),
        aggregate: guid,
        kind: "event",
        name: event.type,
        detail: { eventId: event.eventId, version, origin: origin?.system ?? "nopcommerce" },
      },
      { inStripe: fromStripe },
    );
    await this.advance.run(guid);
  };
}
