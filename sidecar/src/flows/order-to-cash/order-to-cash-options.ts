import { defaultOrderToCashRules, type OrderToCashRules } from "../../domain/order-to-cash-rules.js";

/** Everything about the flow that a deployment may change; every field has a default. */
export interface OrderToCashOptions {
  /** The sidecar's base URL as the WMS reaches it (PUBLIC_URL); read when a fulfillment request is made. */
  publicUrl: () => string;
  /** Rules as data (validated with parseOrderToCashRules). */
  rules?: OrderToCashRules;
  /** Standard Webhooks secrets of the WMS shipment callbacks (WMS_CALLBACK_SECRETS). */
  wmsCallbackSecrets?: () => readonly string[];
  /** Standard Webhooks secrets the bridge plugin signs payment calls with (BRIDGE_SECRETS). */
  bridgeSecrets?: () => readonly string[];
  /** Signature window, both directions (WEBHOOK_TOLERANCE_SECONDS). */
  toleranceSeconds?: number;
  /** Where WMS callbacks arrive, under publicUrl. */
  shipmentCallbackPath?: string;
  /**
   * Money taken or held for an order nopCommerce has not described is alerted on after this many ms (default
   * 5 minutes, the grace time of GraphQL's `mismatch`).
   */
  unknownOrderAlertAfterMs?: number;
}

export interface ResolvedOrderToCashOptions {
  publicUrl: () => string;
  rules: OrderToCashRules;
  wmsCallbackSecrets: () => readonly string[];
  bridgeSecrets: () => readonly string[];
  toleranceSeconds: number;
  shipmentCallbackPath: string;
  unknownOrderAlertAfterMs: number;
}

export function resolveOptions(options: OrderToCashOptions): ResolvedOrderToCashOptions {
  return {
    publicUrl: options.publicUrl,
    rules: options.rules ?? defaultOrderToCashRules,
    wmsCallbackSecrets: options.wmsCallbackSecrets ?? (() => []),
    bridgeSecrets: options.bridgeSecrets ?? (() => []),
    toleranceSeconds: options.toleranceSeconds ?? 300,
    shipmentCallbackPath: options.shipmentCallbackPath ?? "/wms/shipments",
    unknownOrderAlertAfterMs: options.unknownOrderAlertAfterMs ?? 5 * 60_000,
  };
}
