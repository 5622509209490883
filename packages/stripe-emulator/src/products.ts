import type Stripe from "stripe";
import type { EmulatorContext } from "./context.js";
import { changedAttributes, emitEvent } from "./events.js";
import type { ParamObject } from "./form-decoding.js";
import { newId } from "./ids.js";
import { matchesRange, paginate } from "./list-pagination.js";
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

const PARAMS = [
  "name",
  "description",
  "metadata",
  "active",
  "images",
  "url",
  "shippable",
  "statement_descriptor",
  "unit_label",
  "tax_code",
  "id",
  "default_price",
];

export function findProduct(ctx: EmulatorContext, id: string, param = "product"): Stripe.Product {
  return ctx.store.findOrMissing<Stripe.Product>(id, "product", param);
}

export function createProduct(ctx: EmulatorContext, params: ParamObject): Stripe.Product {
  rejectUnknown(params, PARAMS);
  const now = ctx.now();
  const product: Stripe.Product = {
    id: optString(params, "id") ?? newId("prod", 14),
    object: "product",
    active: optBool(params, "active") ?? true,
    created: now,
    default_price: null,
    description: optString(params, "description") ?? null,
    images: optStringArray(params, "images") ?? [],
    livemode: false,
    marketing_features: [],
    metadata: metadataOnCreate(params),
    name: reqString(params, "name"),
    package_dimensions: null,
    shippable: optBool(params, "shippable") ?? null,
    statement_descriptor: optString(params, "statement_descriptor") ?? null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: optString(params, "unit_label") ?? null,
    updated: now,
    url: optString(params, "url") ?? null,
  };
  ctx.store.insert(product);
  emitEvent(ctx, "product.created", product);
  return product;
}

function updateProduct(ctx: EmulatorContext, id: string, params: ParamObject): Stripe.Product {
  rejectUnknown(params, PARAMS);
  const product = findProduct(ctx, id, "id");
  const before = structuredClone(product);
  const name = optString(params, "name");
  if (name) product.name = name;
  const description = optNullableString(params, "description");
  if (description !== undefined) product.description = description;
  const active = optBool(params, "active");
  if (active !== undefined) product.active = active;
  const defaultPrice = optString(params, "default_price");
  if (defaultPrice !== undefined) product.default_price = defaultPrice;
  product.metadata = metadataOnUpdate(product.metadata, params);
  product.updated = ctx.now();
  emitEvent(ctx, "product.updated", product, changedAttributes(before, product));
  return product;
}

export function registerProductRoutes(router: Router): void {
  router.post("/v1/products", (ctx, req) => createProduct(ctx, req.params));
  router.get("/v1/products", (ctx, req) => {
    const active = optBool(req.params, "active");
    const products = ctx.store
      .all<Stripe.Product>("product")
      .filter((p) => (active === undefined || p.active === active) && matchesRange(p.created, req.params, "created"));
    return paginate(ctx.store, products, req.params, "/v1/products");
  });
  router.get("/v1/products/:id", (ctx, req) => findProduct(ctx, pathId(req), "id"));
  router.post("/v1/products/:id", (ctx, req) => updateProduct(ctx, pathId(req), req.params));
  router.delete("/v1/products/:id", (ctx, req) => {
    const product = findProduct(ctx, pathId(req), "id");
    const deleted: Stripe.DeletedProduct = { id: product.id, object: "product", deleted: true };
    ctx.store.insert(deleted);
    emitEvent(ctx, "product.deleted", product);
    return deleted;
  });
}
