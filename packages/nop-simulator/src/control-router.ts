import { decimalPattern } from "@nop-stripe/contract/decimal-string.js";
import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import { recurringCyclePeriodIdSchema, returnRequestStatusIdSchema } from "@nop-stripe/contract/nop-enums.js";
import express, { type Request, type Response, type Router } from "express";
import { z } from "zod";
import type { NopSimulator } from "./nop-simulator-api.js";
import type { OpResult } from "./op-result.js";
import { simFaultSchema } from "./sim-faults.js";

const decimal = z.string().regex(decimalPattern, 'must be a decimal string such as "12.50"');
const id = z.coerce.number().int().min(1);

const placeOrderSchema = z.object({
  customerId: id.optional(),
  email: z.string().optional(),
  items: z
    .array(z.object({ productId: id, quantity: z.number().int().min(1).optional(), unitPrice: decimal.optional() }))
    .min(1)
    .optional(),
  paymentStatus: z.enum(["Pending", "Authorized", "Paid"]).optional(),
  paymentMethodSystemName: z.string().optional(),
  customerCurrencyCode: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  currencyRate: decimal.optional(),
  shippingFee: decimal.optional(),
  taxRatePercent: decimal.optional(),
  discount: decimal.optional(),
  customerIp: z.union([z.ipv4(), z.ipv6()]).nullable().optional(),
  customerCreatedOnUtc: z.iso.datetime({ offset: true }).optional(),
});

const customerSchema = z.object({
  email: z.string().min(3),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  company: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
});

const productSchema = z.object({
  name: z.string().min(1),
  sku: z.string().nullable().optional(),
  price: decimal,
  stockQuantity: z.number().int().optional(),
  manageStock: z.boolean().optional(),
  isShipEnabled: z.boolean().optional(),
  published: z.boolean().optional(),
  recurring: z
    .object({
      cycleLength: z.number().int().min(1),
      cyclePeriodId: recurringCyclePeriodIdSchema,
      totalCycles: z.number().int().min(0),
    })
    .optional(),
});

const returnRequestSchema = z.object({
  orderItemId: id,
  quantity: z.number().int().min(1).optional(),
  reasonForReturn: z.string().optional(),
  requestedAction: z.string().optional(),
  customerComments: z.string().nullable().optional(),
});

type Handler = (req: Request) => { status: number; body: unknown };

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new ControlInputError(describeZodError(parsed.error, "body"));
  return parsed.data;
}

class ControlInputError extends Error {}

function answer<T>(result: OpResult<T>, key: string, created = false): { status: number; body: unknown } {
  if (result.ok) return { status: created ? 201 : 200, body: { [key]: result.value } };
  const { status, code, rule, message } = result.failure;
  return { status, body: { error: { code, rule, message } } };
}

/**
 * Test and benchmark controls under /_control (unsigned; the simulator binds to 127.0.0.1). They play the store
 * side: a shopper placing orders, an admin editing products, customers and return requests.
 */
export function controlRouter(sim: NopSimulator): Router {
  const router = express.Router();
  router.use(express.json({ limit: "5mb" }));
  const route = (method: "get" | "post" | "put" | "patch" | "delete", path: string, handler: Handler) =>
    router[method](path, (req: Request, res: Response) => {
      try {
        const { status, body } = handler(req);
        res.status(status).json(body);
      } catch (err) {
        const isInput = err instanceof ControlInputError;
        res.status(isInput ? 422 : 500).json({
          error: {
            code: isInput ? "invalid_request" : "internal_error",
            rule: null,
            message: (err as Error).message,
          },
        });
      }
    });

  route("get", "/health", () => ({ status: 200, body: { ok: true, ...sim.counts() } }));
  route("post", "/orders", (req) => answer(sim.tryPlaceOrder(parse(placeOrderSchema, req.body)), "order", true));
  route("post", "/orders/bulk", (req) => {
    const { count, order } = parse(
      z.object({ count: z.number().int().min(1).max(100_000), order: placeOrderSchema.optional() }),
      req.body,
    );
    const orders = sim.placeOrders(count, order);
    return { status: 201, body: { count: orders.length, orderIds: orders.map((o) => o.id) } };
  });
  route("get", "/orders/:id", (req) => answer(sim.tryGetOrder(parse(id, req.params.id)), "order"));
  route("post", "/customers", (req) => ({
    status: 201,
    body: { customer: sim.registerCustomer(parse(customerSchema, req.body)) },
  }));
  route("patch", "/customers/:id", (req) =>
    answer(sim.updateCustomer(parse(id, req.params.id), parse(customerSchema.partial(), req.body)), "customer"),
  );
  route("post", "/products", (req) => ({
    status: 201,
    body: { product: sim.createProduct(parse(productSchema, req.body)) },
  }));
  route("delete", "/products/:id", (req) => answer(sim.deleteProduct(parse(id, req.params.id)), "product"));
  // The admin's Refund / Partial refund buttons: asynchronous, the payment plugin calls the sidecar.
  router.post("/orders/:id/refund", async (req: Request, res: Response) => {
    const body = z.object({ amount: z.string().optional() }).safeParse(req.body ?? {});
    const orderId = Number(req.params.id);
    if (!body.success || !Number.isInteger(orderId))
      return void res
        .status(422)
        .json({ error: { code: "invalid_request", rule: null, message: "amount: a decimal string" } });
    const { status, body: answerBody } = answer(await sim.refundOrder(orderId, body.data.amount), "order");
    res.status(status).json(answerBody);
  });
  route("post", "/return-requests", (req) =>
    answer(sim.createReturnRequest(parse(returnRequestSchema, req.body)), "returnRequest", true),
  );
  route("post", "/return-requests/:id/status", (req) => {
    const body = parse(
      z.object({ returnRequestStatusId: returnRequestStatusIdSchema, staffNotes: z.string().nullable().default(null) }),
      req.body,
    );
    return answer(
      sim.setReturnRequestStatus(parse(id, req.params.id), body.returnRequestStatusId, body.staffNotes),
      "returnRequest",
    );
  });
  route("post", "/recurring-payments/:id/cancel", (req) =>
    answer(sim.cancelRecurringPayment(parse(id, req.params.id)), "recurringPayment"),
  );
  route("get", "/faults", () => ({ status: 200, body: { fault: sim.fault() } }));
  route("put", "/faults", (req) => ({ status: 200, body: { fault: sim.setFault(parse(simFaultSchema, req.body)) } }));
  route("delete", "/faults", () => ({ status: 200, body: { fault: sim.setFault({}) } }));
  route("put", "/sidecar", (req) => {
    const { url } = parse(z.object({ url: z.url().nullable() }), req.body);
    sim.setSidecarUrl(url ?? undefined);
    return { status: 200, body: { url } };
  });
  route("get", "/outbox", () => ({ status: 200, body: sim.outbox.stats() }));
  route("get", "/outbox/events", () => ({ status: 200, body: { events: sim.outbox.emitted() } }));
  router.post("/outbox/flush", async (_req, res) => {
    res.json(await sim.outbox.flush());
  });
  return router;
}
