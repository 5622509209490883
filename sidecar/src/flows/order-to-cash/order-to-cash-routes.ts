import { paymentCallPaths, paymentCallSchemas } from "@nop-stripe/contract/payment-call-schemas.js";
import express, { type RequestHandler, type Router } from "express";
import type { z } from "zod";
import { orderGuid as orderGuidOf, paymentIntentIdSchema } from "../../domain/ids.js";
import { signedCall } from "../../flow-kit/signed-call-route.js";
import type { JobSpec } from "../../jobs/job-queue.js";
import type { CreatePaymentIntent } from "./create-payment-intent.js";
import { advanceOrderJob } from "./jobs.js";
import type { ResolvedOrderToCashOptions } from "./order-to-cash-options.js";

export interface RouteDeps {
  createIntent: CreatePaymentIntent;
  enqueue: (jobs: JobSpec[]) => Promise<void>;
  /** The WMS's signed shipment callbacks, into the inbox like every other event. */
  shipmentCallbacks: RequestHandler;
  options: ResolvedOrderToCashOptions;
}

/**
 * The flow's HTTP edge: the plugin's signed payment calls (POST /bridge/payments/create-intent,
 * /attach-order, /order-intent) and the WMS's signed shipment callbacks.
 */
export function orderToCashRoutes(deps: RouteDeps): Router {
  const router = express.Router();
  const signed = <S extends z.ZodType>(schema: S, run: (input: z.output<S>, requestId: string) => Promise<unknown>) =>
    signedCall({ secrets: deps.options.bridgeSecrets, toleranceSeconds: deps.options.toleranceSeconds }, schema, run);
  const calls = paymentCallSchemas;

  router.post(
    paymentCallPaths.createIntent,
    signed(calls.createIntent.request, async (input, requestId) => {
      const created = await deps.createIntent.forCart({ ...input, email: input.email ?? null, requestId });
      return { paymentIntentId: created.paymentIntentId, clientSecret: created.clientSecret };
    }),
  );
  router.post(
    paymentCallPaths.attachOrder,
    signed(calls.attachOrder.request.extend({ paymentIntentId: paymentIntentIdSchema }), async (input) => {
      const { paymentIntentId } = input;
      const orderGuid = orderGuidOf(input.orderGuid);
      await deps.createIntent.attachOrder({ ...input, orderGuid });
      await deps.enqueue([advanceOrderJob.with({ orderGuid }, { idParts: [orderGuid, `attach:${paymentIntentId}`] })]);
      return {};
    }),
  );
  router.post(
    paymentCallPaths.orderIntent,
    signed(calls.orderIntent.request, async (input) => {
      const created = await deps.createIntent.forOrder({ nopOrderId: input.orderId });
      return {
        paymentIntentId: created.paymentIntentId,
        clientSecret: created.clientSecret,
        amount: created.amount.amount,
        currency: created.amount.currency,
        captureMethod: created.captureMethod,
      };
    }),
  );

  router.post(
    deps.options.shipmentCallbackPath,
    express.raw({ type: () => true, limit: 256 * 1024 }),
    deps.shipmentCallbacks,
  );
  return router;
}
