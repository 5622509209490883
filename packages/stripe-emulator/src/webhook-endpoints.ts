import type Stripe from "stripe";
import type { EmulatorContext } from "./context.js";
import { invalidRequest, parameterMissing } from "./errors.js";
import type { ParamObject } from "./form-decoding.js";
import { newId, randomToken } from "./ids.js";
import { paginate } from "./list-pagination.js";
import {
  metadataOnCreate,
  metadataOnUpdate,
  optBool,
  optNullableString,
  optString,
  optStringArray,
  rejectUnknown,
  reqString,
} from "./params.js";
import { pathId, type Router } from "./router.js";

export function findEndpoint(ctx: EmulatorContext, id: string): Stripe.WebhookEndpoint {
  return ctx.store.findOrMissing<Stripe.WebhookEndpoint>(id, "webhook_endpoint");
}

export function endpointsFor(ctx: EmulatorContext, eventType: string): Stripe.WebhookEndpoint[] {
  return ctx.store
    .all<Stripe.WebhookEndpoint>("webhook_endpoint")
    .filter((e) => e.status === "enabled" && (e.enabled_events.includes("*") || e.enabled_events.includes(eventType)));
}

function readEvents(params: ParamObject, required: boolean): string[] | undefined {
  const events = optStringArray(params, "enabled_events");
  if (events === undefined) {
    if (required) throw parameterMissing("enabled_events");
    return undefined;
  }
  if (events.length === 0 || events.some((e) => !/^(\*|[a-z_]+(\.[a-z_]+)+)$/.test(e))) {
    throw invalidRequest(`Invalid enabled_events: ${events.join(", ")}`, { param: "enabled_events" });
  }
  return events;
}

function readUrl(params: ParamObject, required: boolean): string | undefined {
  const url = required ? reqString(params, "url") : optString(params, "url");
  if (url !== undefined && !/^https?:\/\//.test(url)) throw invalidRequest(`Invalid URL: ${url}`, { param: "url" });
  return url;
}

export function createEndpoint(ctx: EmulatorContext, params: ParamObject): Stripe.WebhookEndpoint {
  rejectUnknown(params, ["url", "enabled_events", "description", "metadata", "api_version", "connect"]);
  const endpoint: Stripe.WebhookEndpoint = {
    id: newId("we"),
    object: "webhook_endpoint",
    api_version: optString(params, "api_version") ?? null,
    application: null,
    created: ctx.now(),
    description: optString(params, "description") ?? null,
    enabled_events: readEvents(params, true) ?? [],
    livemode: false,
    metadata: metadataOnCreate(params),
    status: "enabled",
    url: readUrl(params, true) ?? "",
  };
  ctx.store.insert(endpoint);
  const secret = `whsec_${randomToken(32)}`;
  ctx.store.webhookSecrets.set(endpoint.id, secret);
  return { ...endpoint, secret };
}

function updateEndpoint(ctx: EmulatorContext, id: string, params: ParamObject): Stripe.WebhookEndpoint {
  rejectUnknown(params, ["url", "enabled_events", "description", "metadata", "disabled"]);
  const endpoint = findEndpoint(ctx, id);
  const url = readUrl(params, false);
  if (url !== undefined) endpoint.url = url;
  const events = readEvents(params, false);
  if (events !== undefined) endpoint.enabled_events = events;
  const description = optNullableString(params, "description");
  if (description !== undefined) endpoint.description = description;
  const disabled = optBool(params, "disabled");
  if (disabled !== undefined) endpoint.status = disabled ? "disabled" : "enabled";
  endpoint.metadata = metadataOnUpdate(endpoint.metadata, params);
  return endpoint;
}

export function registerWebhookEndpointRoutes(router: Router): void {
  router.post("/v1/webhook_endpoints", (ctx, req) => createEndpoint(ctx, req.params));
  router.get("/v1/webhook_endpoints", (ctx, req) =>
    paginate(ctx.store, ctx.store.all<Stripe.WebhookEndpoint>("webhook_endpoint"), req.params, "/v1/webhook_endpoints"),
  );
  router.get("/v1/webhook_endpoints/:id", (ctx, req) => findEndpoint(ctx, pathId(req)));
  router.post("/v1/webhook_endpoints/:id", (ctx, req) => updateEndpoint(ctx, pathId(req), req.params));
  router.delete("/v1/webhook_endpoints/:id", (ctx, req) => {
    const endpoint = findEndpoint(ctx, pathId(req));
    const deleted: Stripe.DeletedWebhookEndpoint = { id: endpoint.id, object: "webhook_endpoint", deleted: true };
    ctx.store.insert(deleted);
    ctx.store.webhookSecrets.delete(endpoint.id);
    return deleted;
  });
}
