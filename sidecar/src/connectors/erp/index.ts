export {
  ConnectorError,
  ConnectorProtocolError,
  ConnectorRejected,
  ConnectorUnavailable,
  ErpRejected,
  type RejectionDetails,
  WmsRejected,
} from "../../ports/connector-errors.js";
export type { ErpPort } from "./erp-port.js";
export * from "./erp-types.js";
export { HttpErpAdapter } from "./http-erp-adapter.js";
export type { HttpConnectorOptions, RetryOptions } from "./json-http-client.js";
