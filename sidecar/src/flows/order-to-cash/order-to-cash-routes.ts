import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import type { ShipmentCallbackVerifier } from "../../connectors/wms/shipment-callback-verifier.js";
import { storablePayload } from "../../inbox/storable-payload.js";
import type { JobQueue } from "../../jobs/job-queue.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import { knownSecrets } from "../../vault/known-secrets.js";
import { verifyStandardWebhook } from "../../webhooks/verify-signed-request.js";
import { advanceJob } from "./advance-job.js";
import type { CreatePaymentIntent } from "./create-payment-intent.js";
import type { ResolvedOrderToCashOptions } from "./order-to-cash-options.js";
import type { OrderToCashStore } from "./order-to-cash-store.js";

const decimal = z.string().regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, 'a decimal string such as "12.34"');
const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/);
const id = z.number().int().positive();

const createIntentSchema = z.object({
  customerId: id,
  customerGuid: guid,
  email: z.string().nullable().optional(),
  storeId: z.number().int().nonnegative(),
  amount: decimal,
  currencyCode: z.string().regex(/^[A-Za-z]{3}$/),
});
const attachOrderSchema = z.object({
  paymentIntentId: z.string().regex(/^pi_\w+$/),
  orderGuid: guid,
  customerId: id,
  storeId: z.number().int().nonnegative(),
  orderTotal: decimal,
});
const orderIntentSchema = z.object({ orderId: id });

export interface RouteDeps {
  createIntent: CreatePaymentIntent;
  store: OrderToCashStore;
  queue: JobQueue;
  verifyShipment: ShipmentCallbackVerifier;
  options: ResolvedOrderToCashOptions;
}

/**
 * The flow's HTTP edge: the plugin's signed payment calls (POST /bridge/payments/create-intent,
 * /attach-order, /order-intent) and the WMS's signed shipment callbacks.
 */
export function orderToCashRoutes(deps: RouteDeps): Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: 256 * 1024 });

  const signed =
    <S extends z.ZodType>(schema: S, run: (input: z.output<S>, requestId: string) => Promise<unknown>) =>
    async (req: Request, res: Response) => {
      const verified = verifyStandardWebhook(
        Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        req.headers,
        deps.options.bridgeSecrets(),
        deps.options.toleranceSeconds,
      );
      if (!verified.ok)
        return void res.status(401).json({ error: { reason: verified.reason, message: verified.message } });
      let json: unknown;
      try {
        json = JSON.parse(verified.value.body);
      } catch {
        return void res.status(400).json({ error: { reason: "bad_json", message: "body is not JSON" } });
      }
      const input = schema.safeParse(json);
      if (!input.success) {
        const issue = input.error.issues[0]!;
        return void res
          .status(422)
          .json({ error: { reason: "bad_shape", message: `${issue.path.join(".") || "(root)"}: ${issue.message}` } });
      }
      try {
        res.status(200).json(await run(input.data, verified.value.id));
      } catch (err) {
        const permanent = err instanceof PermanentError;
        // The message may quote an upstream answer, and an upstream may echo what it was sent.
        const message = knownSecrets.scrub(err instanceof Error ? err.message : String(err));
        res.status(permanent ? 422 : 503).json({ error: { reason: permanent ? "refused" : "unavailable", message } });
      }
    };

  router.post(
    "/bridge/payments/create-intent",
    raw,
    signed(createIntentSchema, async (input, requestId) => {
      const created = await deps.createIntent.forCart({ ...input, email: input.email ?? null, requestId });
      return { paymentIntentId: created.paymentIntentId, clientSecret: created.clientSecret };
    }),
  );
  router.post(
    "/bridge/payments/attach-order",
    raw,
    signed(attachOrderSchema, async (input) => {
      await deps.createIntent.attachOrder(input);
      await deps.queue.enqueue([advanceJob(input.orderGuid, `attach:${input.paymentIntentId}`)]);
      return {};
    }),
  );
  router.post(
    "/bridge/payments/order-intent",
    raw,
    signed(orderIntentSchema, async (input) => {
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

  router.post(deps.options.shipmentCallbackPath, raw, async (req, res) => {
    const verified = deps.verifyShipment(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.headers);
    if (!verified.ok) {
      const status = verified.reason === "bad_signature" || verified.reason === "missing_headers" ? 401 : 400;
      return void res.status(status).json({ error: { reason: verified.reason, message: verified.message } });
    }
    const storable = storablePayload(verified.notification as unknown as Record<string, unknown>);
    if (!storable.ok) return void res.status(400).json({ error: { reason: "bad_shape", message: storable.message } });
    const notification = storable.payload as unknown as typeof verified.notification;
    try {
      const fresh = await deps.store.saveShipmentNotice({
        id: notification.id,
        orderGuid: notification.data.orderReference,
        type: notification.type,
        carrier: notification.data.carrier,
        trackingNumber: notification.data.trackingNumber,
        payload: notification as unknown as Record<string, unknown>,
      });
      // Stored first, then acknowledged. Enqueued on redelivery too (the job id makes that a no-op if queued) so a
      // failed enqueue is healed by the WMS retrying.
      await deps.queue.enqueue([advanceJob(notification.data.orderReference, `wms:${notification.id}`)]);
      res.status(200).json({ received: true, duplicate: !fresh });
    } catch {
      res.status(503).json({ error: { reason: "unavailable", message: "not stored; retry later" } });
    }
  });
  return router;
}
