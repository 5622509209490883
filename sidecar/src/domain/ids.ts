import { z } from "zod";

// Ids of other systems, branded so one kind is never passed as another, and made once at the edge (a parser, a
// port adapter, a GraphQL argument). nopCommerce's integer ids are in connectors/nop/nop-ids.ts.

/**
 * A nopCommerce order GUID, lower case: nopCommerce writes it upper case, Stripe metadata and the WMS echo
 * whatever they were given, and each spelling must name the same order.
 */
export const orderGuidSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .transform((guid) => guid.toLowerCase())
  .brand<"OrderGuid">();
export type OrderGuid = z.output<typeof orderGuidSchema>;
export const orderGuid = (raw: string): OrderGuid => orderGuidSchema.parse(raw);

const stripeId = <B extends string>(prefix: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[A-Za-z0-9_]+$`), `must be a Stripe id starting ${prefix}_`)
    .brand<B>();

/** pi_…: the PaymentIntent of an order (or of a cart, before the order exists). */
export const paymentIntentIdSchema = stripeId<"PaymentIntentId">("pi");
export type PaymentIntentId = z.output<typeof paymentIntentIdSchema>;
export const paymentIntentId = (raw: string): PaymentIntentId => paymentIntentIdSchema.parse(raw);

/** ch_… (cards) or py_… (other payment methods). */
export const chargeIdSchema = stripeId<"ChargeId">("(ch|py)");
export type ChargeId = z.output<typeof chargeIdSchema>;

/** re_… or pyr_…: refunds and disputes, for the refunds flow. */
export const refundIdSchema = stripeId<"RefundId">("(re|pyr)");
export type RefundId = z.output<typeof refundIdSchema>;
export const disputeIdSchema = stripeId<"DisputeId">("(dp|du)");
export type DisputeId = z.output<typeof disputeIdSchema>;

/** po_…: a payout, for reconciliation. */
export const payoutIdSchema = stripeId<"PayoutId">("po");
export type PayoutId = z.output<typeof payoutIdSchema>;

/** cus_…: the Stripe customer of a nopCommerce customer. */
export const stripeCustomerIdSchema = stripeId<"StripeCustomerId">("cus");
export type StripeCustomerId = z.output<typeof stripeCustomerIdSchema>;

/** A nopCommerce customer GUID, lower case (the customers flow's aggregate): one spelling per customer. */
export const customerGuidSchema = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F-]{32,36}$/, "must be a customer GUID")
  .transform((guid) => guid.toLowerCase())
  .brand<"CustomerGuid">();
export type CustomerGuid = z.output<typeof customerGuidSchema>;
export const customerGuid = (raw: string): CustomerGuid => customerGuidSchema.parse(raw);
