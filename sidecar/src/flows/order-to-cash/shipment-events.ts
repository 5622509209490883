import { shipmentNotificationSchema } from "../../connectors/wms/shipment-notification.js";
import { orderGuid } from "../../domain/ids.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { AdvanceOrder } from "./advance-order.js";
import type { OrderToCashStore } from "./order-to-cash-store.js";

/** WMS shipment callbacks the flow follows (source `wms`). */
export const shipmentEventTypes = ["shipment.shipped", "shipment.delivered"] as const;

/** A WMS shipment callback from the inbox -> the order's shipment notices -> the order advances. */
export class HandleShipmentEvent {
  constructor(
    private readonly store: OrderToCashStore,
    private readonly advance: AdvanceOrder,
  ) {}

  readonly handle = async (event: InboxEvent): Promise<void> => {
    const parsed = shipmentNotificationSchema.safeParse(event.payload);
    if (!parsed.success)
      throw new PermanentError(`WMS callback ${event.eventId}: ${parsed.error.issues[0]?.message}`, {
        code: "wms_callback_invalid",
        system: "wms",
        suggestion: "the callback was verified when it arrived: check the WMS's contract version",
      });
    const notification = parsed.data;
    const guid = orderGuid(notification.data.orderReference);
    await this.store.saveShipmentNotice({
      id: notification.id,
      orderGuid: guid,
      type: notification.type,
      carrier: notification.data.carrier,
      trackingNumber: notification.data.trackingNumber,
      payload: event.payload,
      receivedAt: event.receivedAt,
    });
    await this.advance.run(guid);
  };
}
