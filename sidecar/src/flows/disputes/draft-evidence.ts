import type { NopOrderDetail } from "@nop-stripe/contract/nop-entities.js";
import type { DisputeEvidence } from "../../ports/stripe-disputes.js";
import type { ShipmentReport } from "../order-to-cash/index.js";

type Address = NopOrderDetail["billingAddress"];

/** What the sidecar knows that answers a dispute. */
export interface EvidenceSources {
  order: NopOrderDetail;
  /** What the WMS reported (carrier, tracking number, dates); null: not shipped. */
  shipment: ShipmentReport | null;
  /** The store's refund policy, as configured (DISPUTE_RULES refundPolicies). */
  refundPolicy: string | undefined;
}

const limit = 20_000; // Stripe's limit on a text field of the evidence (uncategorized_text is the largest use)

function oneLine(address: Address | null): string | undefined {
  if (!address) return undefined;
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ");
  const parts = [
    name,
    address.company,
    address.address1,
    address.address2,
    [address.zipPostalCode, address.city].filter(Boolean).join(" "),
    address.stateProvinceCode,
    address.countryCode,
  ];
  const text = parts.filter((p) => p && p.trim() !== "").join(", ");
  return text === "" ? undefined : text;
}

const dateOf = (iso: string) => iso.slice(0, 10);

/**
 * A first draft of the evidence, mapped to Stripe's text fields from the order (items, customer, addresses), the
 * WMS's shipment report, the store's refund policy and the notes the customer was shown. An admin edits and
 * approves it before anything is sent. Pure.
 */
export function draftEvidence({ order, shipment, refundPolicy }: EvidenceSources): DisputeEvidence {
  const customer = order.customer;
  const name =
    [customer.firstName, customer.lastName].filter(Boolean).join(" ") ||
    [order.billingAddress.firstName, order.billingAddress.lastName].filter(Boolean).join(" ");
  const items = order.items.map(
    (i) =>
      `${i.quantity} x ${i.productName}${i.sku ? ` (SKU ${i.sku})` : ""}${i.attributeDescription ? ` ${i.attributeDescription}` : ""}`,
  );
  const shownToCustomer = order.notes
    .filter((n) => n.displayToCustomer)
    .map((n) => `${n.createdOnUtc.slice(0, 16).replace("T", " ")} UTC: ${n.note}`);
  const summary = [
    `Order ${order.customOrderNumber} placed ${order.createdOnUtc.slice(0, 10)}, total ${order.orderTotal} ${order.primaryStoreCurrencyCode}.`,
    shipment?.deliveredAt
      ? `Delivered ${dateOf(shipment.deliveredAt)} (${shipment.carrier} ${shipment.trackingNumber}).`
      : "",
    shownToCustomer.length > 0 ? `Messages sent to the customer:\n${shownToCustomer.join("\n")}` : "",
  ].filter(Boolean);

  const evidence: DisputeEvidence = {
    product_description: items.join("; "),
    customer_name: name || undefined,
    customer_email_address: customer.email ?? order.billingAddress.email ?? undefined,
    billing_address: oneLine(order.billingAddress),
    shipping_address: oneLine(order.shippingAddress),
    shipping_carrier: shipment?.carrier,
    shipping_tracking_number: shipment?.trackingNumber,
    shipping_date: shipment ? dateOf(shipment.shippedAt) : undefined,
    refund_policy_disclosure: refundPolicy,
    uncategorized_text: summary.join("\n\n"),
  };
  return Object.fromEntries(
    Object.entries(evidence)
      .filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].trim() !== "")
      .map(([field, text]) => [field, text.slice(0, limit)]),
  ) as DisputeEvidence;
}
