import type Stripe from "stripe";
import { API_VERSION, type EmulatorContext } from "./context.js";
import { newId } from "./ids.js";
import { matchesRange, paginate } from "./list-pagination.js";
import { optBool, optString, optStringArray } from "./params.js";
import type { Router } from "./router.js";
import { pathId } from "./router.js";
import type { StripeObjectLike } from "./store.js";

export type EventType = Stripe.Event.Type;

/** Per-event delivery outcome, for `delivery_success` filtering. */
const deliveryFailed = new WeakMap<Stripe.EventBase, boolean>();

export function markDeliveryResult(event: Stripe.EventBase, succeeded: boolean): void {
  if (!succeeded) deliveryFailed.set(event, true);
}

/**
 * Records an event with a snapshot of the object as it is now and fans it out to webhook endpoints.
 * `previous` lists changed top-level attributes with their old values (Stripe sends it on `*.updated`).
 */
export function emitEvent(
  ctx: EmulatorContext,
  type: EventType,
  object: StripeObjectLike,
  previous?: Record<string, unknown>,
): Stripe.EventBase {
  const data: Stripe.Event.Data = { object: structuredClone(object) };
  if (previous && Object.keys(previous).length > 0) data.previous_attributes = structuredClone(previous);
  const event: Stripe.EventBase = {
    id: newId("evt"),
    object: "event",
    api_version: API_VERSION,
    created: ctx.now(),
    data,
    livemode: false,
    pending_webhooks: 0,
    request: { id: ctx.request.id, idempotency_key: ctx.request.idempotencyKey },
    type,
  };
  ctx.store.insert(event);
  event.pending_webhooks = ctx.onEvent(event);
  return event;
}

/** Top-level attributes whose value changed between a snapshot and the current object. */
export function changedAttributes(before: object, after: object): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  const old = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
    if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) changed[key] = old[key] ?? null;
  }
  return changed;
}

export function registerEventRoutes(router: Router): void {
  router.get("/v1/events", (ctx, req) => {
    const type = optString(req.params, "type");
    const types = optStringArray(req.params, "types");
    const deliverySuccess = optBool(req.params, "delivery_success");
    const matchesType = (candidate: string) => {
      if (type !== undefined) return type.endsWith("*") ? candidate.startsWith(type.slice(0, -1)) : candidate === type;
      return types === undefined || types.includes(candidate);
    };
    const events = ctx.store
      .all<Stripe.EventBase>("event")
      .filter((e) => matchesType(e.type) && matchesRange(e.created, req.params, "created"))
      .filter((e) => deliverySuccess === undefined || deliverySuccess === !deliveryFailed.get(e));
    return paginate(ctx.store, events, req.params, "/v1/events");
  });
  router.get("/v1/events/:id", (ctx, req) => {
    return ctx.store.findOrMissing<Stripe.EventBase>(pathId(req), "event");
  });
}
