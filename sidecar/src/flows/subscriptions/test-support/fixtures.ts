import { RecurringPaymentType, RecurringProductCyclePeriod } from "@nop-stripe/contract/nop-enums.js";
import { orderGuid, paymentIntentId } from "../../../domain/ids.js";
import { money } from "../../../domain/money.js";
import type { InvoiceAttempt, RecurringPaymentRecord, StripeSide, SubscriptionState } from "../subscriptions-store.js";

export const guid = orderGuid("6f1c2a3b-0000-4000-8000-00000000000a");

export const recurringPayment = (patch: Partial<RecurringPaymentRecord> = {}): RecurringPaymentRecord => ({
  recurringPaymentId: 7,
  initialOrderGuid: guid,
  nopCustomerId: 3,
  productId: 5,
  cycle: { cycleLength: 1, cyclePeriodId: RecurringProductCyclePeriod.Months, totalCycles: 12 },
  recurringPaymentTypeId: RecurringPaymentType.Automatic,
  startDate: new Date("2026-12-01T10:00:00Z"),
  nopActive: true,
  nopCancelledBy: null,
  nopVersion: 1,
  price: null,
  stripe: null,
  notBilledReason: null,
  backfilled: null,
  ...patch,
});

export const stripeSide = (patch: Partial<StripeSide> = {}): StripeSide => ({
  subscriptionId: "sub_1",
  customerId: "cus_1",
  priceId: "price_1",
  itemId: "si_1",
  firstInvoiceId: "in_first",
  status: "trialing",
  cancelAt: null,
  endedAt: null,
  ...patch,
});

export const invoice = (invoiceId: string, outcome: "paid" | "failed", day: number, attempt = 1): InvoiceAttempt => ({
  invoiceId,
  attempt,
  outcome,
  billingReason: "subscription_cycle",
  amount: money(1500, "USD"),
  invoiceCreated: new Date(Date.UTC(2027, 0, day)),
});

export const paidFirstOrder = {
  orderGuid: guid,
  nopOrderId: 11,
  storeId: 1,
  paymentMethodSystemName: "Payments.StripeSidecar",
  total: money(1500, "USD"),
  paymentIntentId: paymentIntentId("pi_first"),
  amountReceived: money(1500, "USD"),
  erpSalesOrderId: null,
};

export const state = (patch: Partial<SubscriptionState> = {}): SubscriptionState => ({
  recurringPayment: recurringPayment(),
  firstOrder: paidFirstOrder,
  invoices: [],
  done: new Set(),
  ...patch,
});
