export type { FulfillmentRequest, FulfillmentRequestInput, Shipment } from "./fulfillment-request-schema.js";
export type { ShipmentEventType, ShipmentNotification } from "./shipment-notification.js";
export {
  DEFAULT_WMS_API_KEY,
  startWmsSimulator,
  type WmsSimulator,
  type WmsSimulatorOptions,
} from "./wms-simulator.js";
