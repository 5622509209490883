export { ConnectorUnavailable, WmsRejected } from "../../ports/connector-errors.js";
export { HttpWmsAdapter } from "./http-wms-adapter.js";
export {
  createShipmentCallbackVerifier,
  type ShipmentCallbackRejection,
  type ShipmentCallbackVerification,
  type ShipmentCallbackVerifier,
  type ShipmentCallbackVerifierOptions,
} from "./shipment-callback-verifier.js";
export { type ShipmentNotification, shipmentNotificationSchema } from "./shipment-notification.js";
export type { WmsPort } from "./wms-port.js";
export * from "./wms-types.js";
