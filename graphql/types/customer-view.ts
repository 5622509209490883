import { isStoreScoped } from "../../sidecar/src/auth/actor.js";
import { stripeCustomerIdSchema } from "../../sidecar/src/domain/ids.js";
import type { CardOnFile } from "../../sidecar/src/ports/stripe.js";
import { customerData, everyStore } from "../access.js";
import { badUserInput, isStorableText } from "../arguments.js";
import { builder } from "../builder.js";
import { pageSize, parseAfter, toConnection } from "../pagination.js";
import { CustomerRef, customersOf } from "./customers.js";
import { defaultGraceMinutes, NopPaymentStatusEnum, ordersConnection, UnifiedOrderRef } from "./order.js";
import { SubscriptionRef, SyncEnum, subscriptionsPage } from "./subscriptions.js";

// The customer view's other sides: its orders (order-to-cash's read model), its saved cards (Stripe, now) and its
// recurring payments (the subscriptions flow's read model). Each is read through its owner; this file only maps.

const CardRef = builder.objectRef<CardOnFile>("SavedCard").implement({
  description: "A card saved on the Stripe customer: brand, last four and expiry, never more of the card",
  fields: (t) => ({
    brand: t.exposeString("brand", { description: "visa, mastercard, amex..." }),
    last4: t.exposeString("last4"),
    expMonth: t.exposeInt("expMonth"),
    expYear: t.exposeInt("expYear"),
  }),
});

/** Stripe lists cards in its own order; a card's position is its id alone (the time in the cursor is unused). */
const cardCursorTime = new Date(0);
const isPaymentMethodId = (id: string) => /^pm_[A-Za-z0-9]{1,100}$/.test(id);
/** Stripe lists at most 100 per request; one more than the page tells whether there is a next. */
const stripePageMax = 99;

builder.objectFields(CustomerRef, (t) => ({
  orders: t.connection({
    type: UnifiedOrderRef,
    authScopes: customerData,
    description: "The customer's orders the order-to-cash flow knows, newest first",
    args: { paymentStatus: t.arg({ type: [NopPaymentStatusEnum], description: "nopCommerce PaymentStatus, any of" }) },
    resolve: async (customer, args, { orders, actor }) => {
      const size = pageSize(args);
      const after = parseAfter(args.after, isStorableText) ?? undefined;
      const page = await orders.list({
        customerId: customer.nopCustomerId,
        ...(isStoreScoped(actor) ? { storeIds: actor.storeIds } : {}),
        ...(args.paymentStatus ? { paymentStatusIds: args.paymentStatus } : {}),
        graceMinutes: defaultGraceMinutes,
        ...(after ? { after } : {}),
        limit: size + 1,
      });
      return ordersConnection(page, size);
    },
  }),
  paymentMethods: t.connection({
    type: CardRef,
    authScopes: customerData,
    description: "The cards saved on the Stripe customer, as Stripe holds them now (Stripe's order)",
    resolve: async (customer, args, context) => {
      const size = pageSize(args);
      if (size > stripePageMax) throw badUserInput(`first: at most ${stripePageMax} saved cards a page`);
      const after = parseAfter(args.after, isPaymentMethodId);
      if (!customer.stripeCustomerId || size === 0) return toConnection([], size, () => cardCursorTime);
      const { cards } = await customersOf(context).cards(stripeCustomerIdSchema.parse(customer.stripeCustomerId), {
        ...(after ? { after: after.id } : {}),
        limit: size + 1,
      });
      return toConnection(cards, size, () => cardCursorTime);
    },
  }),
  subscriptions: t.connection({
    type: SubscriptionRef,
    authScopes: everyStore,
    description: "The customer's recurring payments and their Stripe subscriptions, by recurring payment id",
    args: { sync: t.arg({ type: SyncEnum }) },
    resolve: (customer, args, context) => subscriptionsPage(context, args, customer.nopCustomerId),
  }),
}));
