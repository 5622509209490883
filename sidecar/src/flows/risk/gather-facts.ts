import { createHash } from "node:crypto";
import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { RiskFacts, VelocityCount } from "../../domain/risk/risk-facts.js";
import type { ChargeRisk } from "../../ports/stripe-radar.js";
import type { BlocklistKind, PaymentIdentities } from "./risk-store.js";

/** A one-way value for an e-mail (or any identifier) so velocity and the blocklist never store it raw. */
export const hashIdentifier = (value: string): string =>
  `sha256:${createHash("sha256").update(value.trim().toLowerCase()).digest("hex")}`;

/** The payment's identifiers, hashed where they are personal. nopCommerce's order snapshot carries no IP. */
export function identitiesOf(order: NopOrder, charge: Pick<ChargeRisk, "cardFingerprint">): PaymentIdentities {
  const email = order.customer.email ?? order.billingAddress.email;
  return {
    customer: order.customer.isGuest ? null : String(order.customerId),
    email: email ? hashIdentifier(email) : null,
    ip: null,
    card: charge.cardFingerprint,
  };
}

const nameOf = (a: { firstName: string | null; lastName: string | null } | null) =>
  a ? `${a.firstName ?? ""} ${a.lastName ?? ""}`.trim().replace(/\s+/g, " ").toLowerCase() : "";

/** Billing and shipping names differ (compared here; the names go no further). No shipping address: no mismatch. */
export function namesDiffer(order: NopOrder): boolean {
  const billing = nameOf(order.billingAddress);
  const shipping = nameOf(order.shippingAddress);
  return billing !== "" && shipping !== "" && billing !== shipping;
}

export function emailDomainOf(order: NopOrder): string | null {
  const email = order.customer.email ?? order.billingAddress.email;
  const at = email?.lastIndexOf("@") ?? -1;
  return email && at > 0
    ? email
        .slice(at + 1)
        .trim()
        .toLowerCase()
    : null;
}

/** Everything the score reads, from what Stripe, order-to-cash and the flow's own tables said. Pure. */
export function riskFactsOf(input: {
  order: NopOrder;
  amountMinor: number;
  currency: string;
  charge: ChargeRisk;
  velocity: VelocityCount[];
  history: RiskFacts["history"];
  blocklisted: BlocklistKind[];
  earlyFraudWarning: boolean;
}): RiskFacts {
  const { order, charge } = input;
  return {
    amountMinor: input.amountMinor,
    currency: input.currency.toLowerCase(),
    radar: charge.radar,
    card: charge.card,
    billingCountry: charge.billingCountry ?? order.billingAddress.countryCode,
    shippingCountry: order.shippingAddress?.countryCode ?? null,
    ipCountry: null,
    velocity: input.velocity,
    declinesBeforeSuccess: charge.declinesBefore,
    history: input.history,
    // nopCommerce's order snapshot carries no account creation date.
    accountAgeDays: null,
    emailDomain: emailDomainOf(order),
    nameMismatch: namesDiffer(order),
    blocklisted: input.blocklisted,
    earlyFraudWarning: input.earlyFraudWarning,
  };
}
