import { z } from "zod";
import { customerGuidSchema } from "../../domain/ids.js";
import { eventKey } from "../../flow-kit/action-key.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { AdvanceCustomer } from "./advance-customer.js";
import type { CustomersStore } from "./customers-store.js";
import { syncMarkerKey } from "./stripe-customer-values.js";

/** Stripe events the flow follows. */
export const stripeCustomerEventTypes = ["customer.updated"] as const;

const metadata = z.record(z.string(), z.string().nullable()).nullish();
const customerUpdated = z.looseObject({
  id: z.string(),
  created: z.number().int(),
  data: z.looseObject({
    object: z.looseObject({ id: z.string(), metadata }),
    previous_attributes: z.looseObject({ metadata }).nullish(),
  }),
});

/**
 * Stripe's customer.updated (the billing portal, the dashboard): a change to bring to nopCommerce. Our own update
 * is recognised by the marker it changed (previous_attributes.metadata.sidecar_sync) and ignored: no loop. A
 * customer without our metadata is not one of ours. The event only marks the customer; the sync reads Stripe's
 * current customer, so a late or repeated event changes nothing twice.
 */
export class HandleStripeCustomerEvent {
  constructor(
    private readonly store: Pick<CustomersStore, "markStripeChanged">,
    private readonly advance: Pick<AdvanceCustomer, "run">,
  ) {}

  readonly handle = async (event: InboxEvent): Promise<void> => {
    const parsed = customerUpdated.safeParse(event.payload);
    if (!parsed.success) throw new PermanentError(`customer.updated ${event.eventId}: ${parsed.error.message}`);
    const { data, created } = parsed.data;
    if (data.previous_attributes?.metadata && syncMarkerKey in data.previous_attributes.metadata) return;
    const guid = customerGuidSchema.safeParse(data.object.metadata?.nop_customer_guid);
    if (!guid.success) return;
    const marked = await this.store.markStripeChanged(guid.data, created * 1000, {
      key: eventKey("stripe", event.eventId),
      aggregate: guid.data,
      kind: "event",
      name: "customer.updated",
      detail: {
        eventId: event.eventId,
        stripeCustomerId: data.object.id,
        changed: Object.keys(data.previous_attributes ?? {}),
      },
    });
    if (marked) await this.advance.run(guid.data);
  };
}
