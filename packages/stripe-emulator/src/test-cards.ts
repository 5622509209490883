/** Behaviour of Stripe's test cards (docs.stripe.com/testing), keyed by the name after `pm_card_` / `tok_`. */

export type CardBrand = "visa" | "mastercard" | "amex" | "discover" | "jcb" | "unionpay" | "diners";

export type AddressCheck = "pass" | "fail" | "unavailable";

export interface Decline {
  /** Error `code`, e.g. card_declined, incorrect_cvc, expired_card, processing_error. */
  code: string;
  declineCode: string | null;
  message: string;
  /** `outcome.type` and `outcome.network_status` of the failed charge. */
  outcomeType: "issuer_declined" | "blocked";
  networkStatus: "declined_by_network" | "not_sent_to_network";
  reason: string;
  sellerMessage: string;
  param?: string;
}

export interface TestCard {
  name: string;
  brand: CardBrand;
  last4: string;
  country: string;
  funding: "credit" | "debit" | "prepaid";
  riskLevel: "normal" | "elevated" | "highest";
  riskScore: number;
  cvcCheck: "pass" | "fail";
  /**
   * The issuer's address verification when the billing address carries a line 1 / postal code
   * (`payment_method_details.card.checks`); without one, the check is null.
   */
  addressLine1Check: AddressCheck;
  postalCodeCheck: AddressCheck;
  /** The issuer reports the successful charge as fraud (an early fraud warning of this `fraud_type`). */
  earlyFraudWarning?: string;
  /** Declined at authorization. */
  decline?: Decline;
  /** Declines only when charged, attaching to a customer succeeds (chargeCustomerFail). */
  declineOnlyWhenCharged?: boolean;
  /** 3-D Secure required on every transaction. */
  requiresAuthentication?: boolean;
  /** Dispute opened after a successful charge. */
  dispute?: { reason: string; inquiry: boolean };
  /**
   * A refund's later life (docs.stripe.com/testing#refunds): `pending-then-succeeded` is created pending and
   * succeeds later; `succeeded-then-failed` is created succeeded and fails later.
   */
  refund?: "pending-then-succeeded" | "succeeded-then-failed";
}

const GENERIC: Decline = {
  code: "card_declined",
  declineCode: "generic_decline",
  message: "Your card was declined.",
  outcomeType: "issuer_declined",
  networkStatus: "declined_by_network",
  reason: "generic_decline",
  sellerMessage: "The bank did not return any further details with this decline.",
};

/** Declines whose error `code` names the reason carry no separate `decline_code`. */
function codedDecline(code: string, message: string, param?: string): Decline {
  return { ...issuerDecline(code, message), code, declineCode: null, param };
}

function issuerDecline(declineCode: string, message: string): Decline {
  return {
    ...GENERIC,
    declineCode,
    message,
    reason: declineCode,
    sellerMessage: `The bank returned the decline code \`${declineCode}\`.`,
  };
}

const RADAR_BLOCK: Decline = {
  code: "card_declined",
  declineCode: "fraudulent",
  message: "Your card was declined.",
  outcomeType: "blocked",
  networkStatus: "not_sent_to_network",
  reason: "highest_risk_level",
  sellerMessage: "Stripe blocked this payment as too risky.",
};

const BASE: Omit<TestCard, "name" | "last4"> = {
  brand: "visa",
  country: "US",
  funding: "credit",
  riskLevel: "normal",
  riskScore: 12,
  cvcCheck: "pass",
  addressLine1Check: "pass",
  postalCodeCheck: "pass",
};

function card(name: string, last4: string, extra: Partial<TestCard> = {}): TestCard {
  return { ...BASE, name, last4, ...extra };
}

const CARDS: TestCard[] = [
  card("visa", "4242"),
  card("visa_debit", "5556", { funding: "debit" }),
  card("mastercard", "4444", { brand: "mastercard" }),
  card("mastercard_debit", "8210", { brand: "mastercard", funding: "debit" }),
  card("mastercard_prepaid", "5100", { brand: "mastercard", funding: "prepaid" }),
  card("amex", "8431", { brand: "amex" }),
  card("discover", "1117", { brand: "discover" }),
  card("jcb", "0505", { brand: "jcb", country: "JP" }),
  card("jp", "0003", { country: "JP" }),
  card("gb", "0000", { country: "GB" }),
  card("de", "0016", { country: "DE" }),
  card("ca", "0000", { country: "CA" }),
  card("chargeDeclined", "0002", { decline: GENERIC }),
  card("chargeDeclinedInsufficientFunds", "9995", {
    decline: issuerDecline("insufficient_funds", "Your card has insufficient funds."),
  }),
  card("chargeDeclinedLostCard", "9987", { decline: issuerDecline("lost_card", "Your card was declined.") }),
  card("chargeDeclinedStolenCard", "9979", { decline: issuerDecline("stolen_card", "Your card was declined.") }),
  card("chargeDeclinedFraudulent", "0019", {
    riskLevel: "highest",
    riskScore: 85,
    decline: { ...RADAR_BLOCK, sellerMessage: "Stripe blocked this payment." },
  }),
  card("chargeDeclinedIncorrectCvc", "0127", {
    cvcCheck: "fail",
    decline: codedDecline("incorrect_cvc", "Your card's security code is incorrect.", "cvc"),
  }),
  card("chargeDeclinedExpiredCard", "0069", {
    decline: codedDecline("expired_card", "Your card has expired.", "exp_month"),
  }),
  card("chargeDeclinedProcessingError", "0119", {
    decline: codedDecline(
      "processing_error",
      "An error occurred while processing your card. Try again in a little bit.",
    ),
  }),
  card("chargeCustomerFail", "0341", { decline: GENERIC, declineOnlyWhenCharged: true }),
  card("authenticationRequired", "3184", { requiresAuthentication: true }),
  card("threeDSecure2Required", "3220", { requiresAuthentication: true }),
  card("authenticationRequiredOnSetup", "3155", {}),
  card("riskLevelElevated", "9235", { riskLevel: "elevated", riskScore: 67 }),
  card("riskLevelHighest", "4954", { riskLevel: "highest", riskScore: 91, decline: RADAR_BLOCK }),
  card("radarBlock", "0019", { riskLevel: "highest", riskScore: 96, decline: RADAR_BLOCK }),
  card("cvcCheckFail", "0101", { cvcCheck: "fail" }),
  card("avsFail", "0010", { addressLine1Check: "fail", postalCodeCheck: "fail" }),
  card("avsLine1Fail", "0028", { addressLine1Check: "fail" }),
  card("avsZipFail", "0036", { postalCodeCheck: "fail" }),
  card("avsUnchecked", "0044", { addressLine1Check: "unavailable", postalCodeCheck: "unavailable" }),
  card("createIssuerFraudRecord", "5423", { earlyFraudWarning: "made_with_stolen_card" }),
  card("createDispute", "0259", { dispute: { reason: "fraudulent", inquiry: false } }),
  card("createDisputeProductNotReceived", "2685", { dispute: { reason: "product_not_received", inquiry: false } }),
  card("createDisputeInquiry", "1976", { dispute: { reason: "fraudulent", inquiry: true } }),
  card("pendingRefund", "7726", { refund: "pending-then-succeeded" }),
  card("refundFail", "5126", { refund: "succeeded-then-failed" }),
];

const BY_NAME = new Map(CARDS.map((c) => [c.name, c]));

/** Resolves `pm_card_visa`, `pm_card_visa_chargeDeclined`, `tok_visa`, `tok_chargeDeclined`, ... */
export function testCardFor(testId: string): TestCard | undefined {
  const match = /^(?:pm_card_|tok_)(.+)$/.exec(testId);
  if (!match?.[1]) return undefined;
  const name = match[1];
  return BY_NAME.get(name) ?? (name.startsWith("visa_") ? BY_NAME.get(name.slice(5)) : undefined);
}

export function isTestPaymentMethodId(id: string): boolean {
  return id.startsWith("pm_card_") && testCardFor(id) !== undefined;
}

export const CARD_EXPIRY = { month: 12, year: 2034 } as const;

export function displayBrand(brand: CardBrand): string {
  const names: Record<CardBrand, string> = {
    visa: "Visa",
    mastercard: "MasterCard",
    amex: "American Express",
    discover: "Discover",
    jcb: "JCB",
    unionpay: "UnionPay",
    diners: "Diners Club",
  };
  return names[brand];
}
