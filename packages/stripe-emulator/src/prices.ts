import type Stripe from "stripe";
import type { EmulatorContext } from "./context.js";
import { parseCurrency, validateAmountStep } from "./currencies.js";
import { invalidRequest } from "./errors.js";
import { changedAttributes, emitEvent } from "./events.js";
import type { ParamObject } from "./form-decoding.js";
import { newId } from "./ids.js";
import { matchesRange, paginate } from "./list-pagination.js";
import {
  metadataOnCreate,
  metadataOnUpdate,
  optBool,
  optEnum,
  optInt,
  optNullableString,
  optObject,
  optString,
  rejectUnknown,
  reqString,
} from "./params.js";
import { createProduct, findProduct } from "./products.js";
import { pathId, type Router } from "./router.js";

const CREATE_PARAMS = [
  "currency",
  "unit_amount",
  "product",
  "product_data",
  "recurring",
  "nickname",
  "lookup_key",
  "metadata",
  "active",
  "tax_behavior",
  "billing_scheme",
  "unit_amount_decimal",
];

/** Decimal strings travel as JSON strings; stripe-node types them as its Decimal class. */
function decimal(value: number): Stripe.Decimal {
  return String(value) as unknown as Stripe.Decimal;
}

export function findPrice(ctx: EmulatorContext, id: string, param = "price"): Stripe.Price {
  return ctx.store.findOrMissing<Stripe.Price>(id, "price", param);
}

function recurringFrom(params: ParamObject): Stripe.Price.Recurring | null {
  const recurring = optObject(params, "recurring");
  if (!recurring) return null;
  const interval = optEnum(recurring, "interval", ["day", "week", "month", "year"]);
  if (!interval)
    throw invalidRequest("Missing required param: recurring[interval].", {
      code: "parameter_missing",
      param: "recurring[interval]",
    });
  return {
    interval,
    interval_count: optInt(recurring, "interval_count") ?? 1,
    meter: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

function createPrice(ctx: EmulatorContext, params: ParamObject): Stripe.Price {
  rejectUnknown(params, CREATE_PARAMS);
  const currency = parseCurrency(reqString(params, "currency"));
  const unitAmount = optInt(params, "unit_amount");
  if (unitAmount === undefined)
    throw invalidRequest("Missing required param: unit_amount.", { code: "parameter_missing", param: "unit_amount" });
  if (unitAmount < 0) throw invalidRequest("This value must be greater than or equal to 0.", { param: "unit_amount" });
  validateAmountStep(unitAmount, currency, "unit_amount");
  const productData = optObject(params, "product_data");
  const productId = optString(params, "product");
  let product: string;
  if (productId) product = findProduct(ctx, productId).id;
  else if (productData) product = createProduct(ctx, productData).id;
  else throw invalidRequest("Missing required param: product.", { code: "parameter_missing", param: "product" });
  const recurring = recurringFrom(params);
  const price: Stripe.Price = {
    id: newId("price"),
    object: "price",
    active: optBool(params, "active") ?? true,
    billing_scheme: "per_unit",
    created: ctx.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: optString(params, "lookup_key") ?? null,
    metadata: metadataOnCreate(params),
    nickname: optString(params, "nickname") ?? null,
    product,
    recurring,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? "recurring" : "one_time",
    unit_amount: unitAmount,
    unit_amount_decimal: decimal(unitAmount),
  };
  ctx.store.insert(price);
  emitEvent(ctx, "price.created", price);
  return price;
}

/** The legacy Plan view of a recurring price (subscription items still carry it). */
export function planOf(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: typeof price.product === "string" ? price.product : price.product.id,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

export function registerPriceRoutes(router: Router): void {
  router.post("/v1/prices", (ctx, req) => createPrice(ctx, req.params));
  router.get("/v1/prices", (ctx, req) => {
    const product = optString(req.params, "product");
    const active = optBool(req.params, "active");
    const type = optString(req.params, "type");
    const prices = ctx.store
      .all<Stripe.Price>("price")
      .filter(
        (p) =>
          (product === undefined || p.product === product) &&
          (active === undefined || p.active === active) &&
          (type === undefined || p.type === type) &&
          matchesRange(p.created, req.params, "created"),
      );
    return paginate(ctx.store, prices, req.params, "/v1/prices");
  });
  router.get("/v1/prices/:id", (ctx, req) => findPrice(ctx, pathId(req), "id"));
  router.post("/v1/prices/:id", (ctx, req) => {
    rejectUnknown(req.params, ["metadata", "active", "nickname", "lookup_key"]);
    const price = findPrice(ctx, pathId(req), "id");
    const before = structuredClone(price);
    const active = optBool(req.params, "active");
    if (active !== undefined) price.active = active;
    const nickname = optNullableString(req.params, "nickname");
    if (nickname !== undefined) price.nickname = nickname;
    price.metadata = metadataOnUpdate(price.metadata, req.params);
    emitEvent(ctx, "price.updated", price, changedAttributes(before, price));
    return price;
  });
}
