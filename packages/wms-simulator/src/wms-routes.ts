import { ApiError, parseBody } from "@nop-stripe/simulator-support/api-error.js";
import type { IdempotencyStore } from "@nop-stripe/simulator-support/idempotency-store.js";
import { Router } from "express";
import type { FulfillmentCenter } from "./fulfillment-center.js";
import { fulfillmentRequestSchema, holdSchema } from "./fulfillment-request-schema.js";

/** The WMS's HTTP API. */
export function wmsRoutes(center: FulfillmentCenter, idempotency: IdempotencyStore): Router {
  const router = Router();

  router.post("/fulfillment-requests", (req, res) => {
    const { status, body } = idempotency.run("fulfillment-requests", req.get("idempotency-key"), req.body, () => ({
      status: 201,
      body: center.accept(parseBody(fulfillmentRequestSchema, req.body)),
    }));
    res.status(status).json(body);
  });

  // Holds, releases and cancellations, each idempotent by its key (and by state: a second hold is a no-op).
  const transitions = {
    hold: (id: string, body: unknown) => center.hold(id, parseBody(holdSchema, body).reason),
    release: (id: string) => center.release(id),
    cancel: (id: string, body: unknown) => center.cancel(id, parseBody(holdSchema, body).reason),
  };
  for (const [name, apply] of Object.entries(transitions))
    router.post(`/fulfillment-requests/:id/${name}`, (req, res) => {
      const { status, body } = idempotency.run(
        `${name}:${req.params.id}`,
        req.get("idempotency-key"),
        req.body,
        () => ({
          status: 200,
          body: apply(req.params.id, req.body),
        }),
      );
      res.status(status).json(body);
    });

  router.get("/fulfillment-requests/:id", (req, res) => {
    const request = center.get(req.params.id);
    if (!request) throw new ApiError(404, "not_found", `no fulfillment request ${req.params.id}`);
    res.json(request);
  });

  return router;
}

/** Test and demo hooks: move a request along now instead of waiting for the timers. */
export function wmsControlRoutes(center: FulfillmentCenter): Router {
  const router = Router();
  router.post("/fulfillment-requests/:id/ship", (req, res) => {
    res.json(center.ship(req.params.id));
  });
  router.post("/fulfillment-requests/:id/deliver", (req, res) => {
    res.json(center.deliver(req.params.id));
  });
  return router;
}
