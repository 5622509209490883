import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import { z } from "zod";
import { orderGuidSchema, paymentIntentIdSchema } from "../../domain/ids.js";
import type { JobSpec } from "../../jobs/job-queue.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import { knownSecrets } from "../../vault/known-secrets.js";
import { verifyStandardWebhook } from "../../webhooks/verify-signed-request.js";
import type { CreatePaymentIntent } from "./create-payment-intent.js";
import { advanceOrderJob } from "./jobs.js";
import type { ResolvedOrderToCashOptions } from "./order-to-cash-options.js";

const decimal = z.string().regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, 'a decimal string such as "12.34"');
const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/)
  .pipe(orderGuidSchema);
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
  paymentIntentId: paymentIntentIdSchema,
  orderGuid: guid,
  customerId: id,
  storeId: z.number().int().nonnegative(),
  orderTotal: decimal,
});
const orderIntentSchema = z.object({ orderId: id });

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
      const { orderGuid, paymentIntentId } = input;
      await deps.enqueue([advanceOrderJob.with({ orderGuid }, { idParts: [orderGuid, `attach:${paymentIntentId}`] })]);
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

  router.post(deps.options.shipmentCallbackPath, raw, deps.shipmentCallbacks);
  return router;
}
