import { createHash } from "node:crypto";
import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { RiskFacts, VelocityCount } from "../../domain/risk/risk-facts.js";
import type { ChargeRisk } from "../../ports/stripe-radar.js";
import type { BlocklistKind, PaymentIdentities } from "./risk-store.js";

/** A one-way value for an e-mail (or any identifier) so velocity and the blocklist never store it raw. */
export const hashIdentifier = (value: string): string =>
  `sha256:${createHash("sha256").update(value.trim().toLowerCase()).digest("hex")}`;

/** One address, one spelling: an IPv4 address seen through an IPv6 socket (::ffff:a.b.c.d) is the IPv4 one. */
const canonicalIp = (ip: string): string =>
  ip
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");

/** The payment's identifiers, hashed where they are personal (the e-mail and the order's Order.CustomerIp). */
export function identitiesOf(order: NopOrder, charge: Pick<ChargeRisk, "cardFingerprint">): PaymentIdentities {
  const email = order.customer.email ?? order.billingAddress.email;
  return {
    customer: order.customer.isGuest ? null : String(order.customerId),
    email: email ? hashIdentifier(email) : null,
    ip: order.customerIp ? hashIdentifier(canonicalIp(order.customerIp)) : null,
    card: charge.cardFingerprint,
  };
}

const dayMs = 86_400_000;

/** Whole days since the account was made; null for a guest (its row is a visitor, not an account) or no date. */
export function accountAgeDaysOf(order: NopOrder, now: Date): number | null {
  const createdOnUtc = order.customer.createdOnUtc;
  if (order.customer.isGuest || !createdOnUtc) return null;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(createdOnUtc)) / dayMs));
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
  now: Date;
}): RiskFacts {
  const { order, charge } = input;
  return {
    amountMinor: input.amountMinor,
    currency: input.currency.toLowerCase(),
    radar: charge.radar,
    card: charge.card,
    billingCountry: charge.billingCountry ?? order.billingAddress.countryCode,
    shippingCountry: order.shippingAddress?.countryCode ?? null,
    // Needs a GeoIP database, which is not shipped (README "IP and account age").
    ipCountry: null,
    velocity: input.velocity,
    declinesBeforeSuccess: charge.declinesBefore,
    history: input.history,
    accountAgeDays: accountAgeDaysOf(order, input.now),
    emailDomain: emailDomainOf(order),
    nameMismatch: namesDiffer(order),
    blocklisted: input.blocklisted,
    earlyFraudWarning: input.earlyFraudWarning,
  };
}
