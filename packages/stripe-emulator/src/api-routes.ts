import { registerBalanceRoutes } from "./balance-transactions.js";
import { registerChargeRoutes } from "./charges.js";
import type { EmulatorContext } from "./context.js";
import { registerCustomerRoutes } from "./customers.js";
import { registerDisputeRoutes } from "./disputes.js";
import { registerEarlyFraudWarningRoutes } from "./early-fraud-warnings.js";
import { registerEventRoutes } from "./events.js";
import type { VirtualFields } from "./expand.js";
import { invoicePaymentsList, registerInvoiceRoutes } from "./invoices.js";
import { registerPaymentIntentRoutes } from "./payment-intents.js";
import { registerPaymentMethodRoutes } from "./payment-methods.js";
import { registerPayoutRoutes } from "./payouts.js";
import { registerPriceRoutes } from "./prices.js";
import { registerProductRoutes } from "./products.js";
import { registerReviewRoutes } from "./radar-reviews.js";
import { chargeRefundsList, registerRefundRoutes } from "./refunds.js";
import { Router } from "./router.js";
import { registerSubscriptionRoutes, retryInvoice } from "./subscriptions.js";
import { registerTestClockRoutes } from "./test-clocks.js";
import { registerWebhookEndpointRoutes } from "./webhook-endpoints.js";

/** Every `/v1` route the emulator serves. */
export function createApiRouter(): Router {
  const router = new Router();
  registerCustomerRoutes(router);
  registerPaymentMethodRoutes(router);
  registerPaymentIntentRoutes(router);
  registerChargeRoutes(router);
  registerRefundRoutes(router);
  registerDisputeRoutes(router);
  registerReviewRoutes(router);
  registerEarlyFraudWarningRoutes(router);
  registerBalanceRoutes(router);
  registerPayoutRoutes(router);
  registerEventRoutes(router);
  registerWebhookEndpointRoutes(router);
  registerProductRoutes(router);
  registerPriceRoutes(router);
  registerSubscriptionRoutes(router);
  registerInvoiceRoutes(router, retryInvoice);
  registerTestClockRoutes(router);
  return router;
}

/** Fields that only appear when expanded. */
export function virtualFields(ctx: EmulatorContext): VirtualFields {
  return {
    charge: { refunds: (charge) => chargeRefundsList(ctx, charge) },
    invoice: { payments: (invoice) => invoicePaymentsList(ctx, invoice) },
  };
}
