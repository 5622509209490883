import { bridgeEnvelopeSchema } from "@nop-stripe/contract/bridge-envelope.js";
import {
  type PaymentCall,
  paymentCallErrorSchema,
  paymentCallSchemas,
} from "@nop-stripe/contract/payment-call-schemas.js";
import {
  type WriteBackOperation,
  writeBackErrorSchema,
  writeBackSchemas,
} from "@nop-stripe/contract/write-back-schemas.js";
import { describe, expect, it } from "vitest";
import { parseBridgeEvent } from "../../sidecar/src/connectors/nop/parse-bridge-event.js";
import {
  contractAjv,
  type Example,
  eventExamples,
  kebab,
  paymentCallExamples,
  schemaBase,
  schemaIdForPaymentCallExample,
  schemaIdForWriteBackExample,
  writeBackExamples,
} from "./contract-files.js";

const ajv = contractAjv();
const jsonSchemaAccepts = (id: string, value: unknown) => ajv.getSchema(id)!(value) as boolean;

/** The sidecar's reading of an event: its envelope schema, then the connector's payload parser. */
function zodAcceptsEvent(value: unknown): boolean {
  const envelope = bridgeEnvelopeSchema.safeParse(value);
  return envelope.success && parseBridgeEvent(envelope.data.type, envelope.data.payload).ok;
}

const opByKebab = new Map(
  (Object.keys(writeBackSchemas) as WriteBackOperation[]).map((op) => [kebab(op), op] as const),
);
function zodAcceptsWriteBack(name: string, value: unknown): boolean {
  if (name.startsWith("error.")) return writeBackErrorSchema.safeParse(value).success;
  const [base, part] = name.split(".") as [string, "request" | "response"];
  return writeBackSchemas[opByKebab.get(base)!][part].safeParse(value).success;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every broken variant of a document: each key removed, each leaf given a value of the wrong JSON type. */
function* brokenVariants(doc: Json, path: (string | number)[] = [], root: Json = doc): Generator<[string, Json]> {
  const at = (mutate: (copy: Json) => void): Json => {
    const copy = structuredClone(root);
    mutate(copy);
    return copy;
  };
  const parentOf = (copy: Json) => path.reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, copy);
  if (Array.isArray(doc)) {
    for (const [i, item] of doc.entries()) yield* brokenVariants(item, [...path, i], root);
    return;
  }
  if (doc !== null && typeof doc === "object") {
    for (const key of Object.keys(doc)) {
      yield [`without ${[...path, key].join(".")}`, at((copy) => delete (parentOf(copy) as Record<string, Json>)[key])];
      yield* brokenVariants(doc[key] as Json, [...path, key], root);
    }
    return;
  }
  const wrong: Json =
    typeof doc === "string" ? 12345 : typeof doc === "number" ? "1" : typeof doc === "boolean" ? "true" : {};
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1]!;
  yield [
    `${path.join(".")} as ${JSON.stringify(wrong)}`,
    at((copy) => {
      const parent = parentPath.reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, copy);
      (parent as Record<string | number, Json>)[last] = wrong;
    }),
  ];
}

/**
 * Fields a minor version added as optional (contracts 1.2 and 1.3), and updateCustomer's changes, where a field left out
 * means "not touched": both sides must accept a document without them.
 */
const optionalFields = [
  /^payload\.origin$/,
  /(^|\.)customer\.(updatedOnUtc|version)$/,
  /^items\.\d+\.(updatedOnUtc|version)$/,
  /(^|\.)recurringPayment\.(productId|paymentMethodSystemName|recurringPaymentTypeId|nextPaymentDateUtc|cyclesRemaining)$/,
  /^changes\.\w+$/,
  /(^|\.)order\.(customerIp|customer\.createdOnUtc)$/,
  /(^|\.)order\.items\.\d+\.isRecurring$/,
];
const removesOptionalField = (label: string) =>
  label.startsWith("without ") && optionalFields.some((field) => field.test(label.slice("without ".length)));

function disagreements(
  examples: Example[],
  zodAccepts: (e: Example, v: unknown) => boolean,
  schemaId: (e: Example) => string,
) {
  const found: string[] = [];
  let checked = 0;
  for (const example of examples) {
    for (const [label, variant] of brokenVariants(example.json as Json)) {
      checked++;
      const byZod = zodAccepts(example, variant);
      const bySchema = jsonSchemaAccepts(schemaId(example), variant);
      const bothMayAccept = removesOptionalField(label) && byZod === bySchema;
      if ((byZod || bySchema) && !bothMayAccept)
        found.push(`${example.name}: ${label}: zod ${byZod}, JSON Schema ${bySchema}`);
    }
  }
  return { found, checked };
}

describe("the sidecar's zod schemas and the contract's JSON Schema agree", () => {
  it("both accept every example", () => {
    for (const e of eventExamples()) {
      expect(zodAcceptsEvent(e.json), e.name).toBe(true);
      expect(jsonSchemaAccepts(`${schemaBase}event.schema.json`, e.json), e.name).toBe(true);
    }
    for (const e of writeBackExamples()) {
      expect(zodAcceptsWriteBack(e.name, e.json), e.name).toBe(true);
      expect(jsonSchemaAccepts(schemaIdForWriteBackExample(e.name), e.json), e.name).toBe(true);
    }
  });

  it("both reject every event example with a field removed or of the wrong type, anywhere", () => {
    const { found, checked } = disagreements(
      eventExamples(),
      (_e, v) => zodAcceptsEvent(v),
      () => `${schemaBase}event.schema.json`,
    );
    expect(checked).toBeGreaterThan(1500);
    expect(found).toEqual([]);
  });

  it("both reject every write-back example with a field removed or of the wrong type, anywhere", () => {
    const { found, checked } = disagreements(
      writeBackExamples(),
      (e, v) => zodAcceptsWriteBack(e.name, v),
      (e) => schemaIdForWriteBackExample(e.name),
    );
    expect(checked).toBeGreaterThan(1500);
    expect(found).toEqual([]);
  });

  const placed = () => structuredClone(eventExamples().find((e) => e.name === "order.placed")!.json) as Json;
  /** Sets the value at a dotted path of a JSON document (numeric segments index arrays). */
  function setAt(doc: Json, path: string, value: Json): Json {
    const keys = path.split(".");
    const last = keys.pop()!;
    const parent = keys.reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, doc);
    (parent as Record<string, Json>)[last] = value;
    return doc;
  }
  const brokenValues: [string, string, Json][] = [
    ["type not dotted", "type", "order"],
    ["type upper case", "type", "Order.Placed"],
    ["empty id", "id", ""],
    ["negative storeId", "storeId", -1],
    ["fractional storeId", "storeId", 1.5],
    ["contractVersion without minor", "contractVersion", "1"],
    ["occurredAt without offset", "occurredAt", "2026-11-27T10:00:00"],
    ["payload an array", "payload", []],
    ["orderTotal as a JSON number", "payload.order.orderTotal", 116.71],
    ["orderTotal with a comma", "payload.order.orderTotal", "116,71"],
    ["negative orderTotal", "payload.order.orderTotal", "-1.00"],
    ["orderTotal with an exponent", "payload.order.orderTotal", "1e3"],
    ["unknown OrderStatus", "payload.order.orderStatusId", 15],
    ["unknown PaymentStatus", "payload.order.paymentStatusId", 25],
    ["unknown ShippingStatus", "payload.order.shippingStatusId", 50],
    ["order id zero", "payload.order.id", 0],
    ["orderGuid not a GUID", "payload.order.orderGuid", "order-1"],
    ["currency code lower case", "payload.order.customerCurrencyCode", "usd"],
    ["no items", "payload.order.items", []],
    ["item quantity zero", "payload.order.items.0.quantity", 0],
    ["version zero", "payload.version", 0],
    ["country code of three letters", "payload.order.billingAddress.countryCode", "USA"],
  ];
  it.each(brokenValues)("both reject: %s", (_label, path, value) => {
    const doc = setAt(placed(), path, value);
    expect(zodAcceptsEvent(doc)).toBe(false);
    expect(jsonSchemaAccepts(`${schemaBase}event.schema.json`, doc)).toBe(false);
  });

  it("both accept what a later 1.x may add: a new minor version and unknown fields", () => {
    const doc = placed();
    setAt(doc, "contractVersion", "1.3");
    setAt(doc, "traceId", "abc");
    setAt(doc, "payload.order.giftMessage", "Happy birthday");
    setAt(doc, "payload.salesChannel", "pos");
    expect(zodAcceptsEvent(doc)).toBe(true);
    expect(jsonSchemaAccepts(`${schemaBase}event.schema.json`, doc)).toBe(true);
  });
});

const callByKebab = new Map(
  (Object.keys(paymentCallSchemas) as PaymentCall[]).map((call) => [kebab(call), call] as const),
);
function zodAcceptsPaymentCall(name: string, value: unknown): boolean {
  if (name.startsWith("error.")) return paymentCallErrorSchema.safeParse(value).success;
  const [base, part] = name.split(".") as [string, "request" | "response"];
  return paymentCallSchemas[callByKebab.get(base)!][part].safeParse(value).success;
}

describe("the payment calls' zod schemas and the contract's JSON Schema agree", () => {
  const schemaOf = (name: string) => schemaIdForPaymentCallExample(name);

  it("both accept every example", () => {
    for (const e of paymentCallExamples()) {
      expect(zodAcceptsPaymentCall(e.name, e.json), e.name).toBe(true);
      expect(jsonSchemaAccepts(schemaOf(e.name), e.json), e.name).toBe(true);
    }
  });

  it("both reject every example with a field removed or of the wrong type, anywhere (e-mail and recurring are optional)", () => {
    const disagree: string[] = [];
    const accepted: string[] = [];
    let checked = 0;
    for (const e of paymentCallExamples())
      for (const [label, variant] of brokenVariants(e.json as Json)) {
        checked++;
        const byZod = zodAcceptsPaymentCall(e.name, variant);
        const bySchema = jsonSchemaAccepts(schemaOf(e.name), variant);
        if (byZod !== bySchema) disagree.push(`${e.name}: ${label}: zod ${byZod}, JSON Schema ${bySchema}`);
        else if (byZod) accepted.push(`${e.name}: ${label}`);
      }
    expect(checked).toBeGreaterThan(60);
    expect(disagree).toEqual([]);
    expect(accepted).toEqual(["create-intent.request: without email", "create-intent.request: without recurring"]);
  });

  const brokenValues: [string, string, Record<string, unknown>][] = [
    ["amount as a JSON number", "create-intent.request", { amount: 12.5 }],
    ["amount with a comma", "refund.request", { amount: "10,00" }],
    ["negative amount", "refund.request", { amount: "-10.00" }],
    ["orderGuid not a GUID", "capture.request", { orderGuid: "order-1" }],
    ["customerId zero", "attach-order.request", { customerId: 0 }],
    ["customerId above int32", "create-intent.request", { customerId: 2147483648 }],
    ["negative storeId", "attach-order.request", { storeId: -1 }],
    ["currency code of four letters", "create-intent.request", { currencyCode: "USDX" }],
    ["empty paymentIntentId", "attach-order.request", { paymentIntentId: "" }],
    ["fractional amount in minor units", "order-intent.response", { amount: 1.5 }],
    ["unknown error reason", "error.refused", { error: { reason: "nope", message: "x" } }],
  ];
  it.each(brokenValues)("both reject: %s", (_label, name, change) => {
    const example = paymentCallExamples().find((e) => e.name === name)!;
    const doc = { ...(example.json as object), ...change };
    expect(zodAcceptsPaymentCall(name, doc)).toBe(false);
    expect(jsonSchemaAccepts(schemaOf(name), doc)).toBe(false);
  });

  it("both accept what a later 1.x may add: unknown fields, a null e-mail", () => {
    const example = paymentCallExamples().find((e) => e.name === "create-intent.request")!;
    const doc = { ...(example.json as object), email: null, locale: "de-DE" };
    expect(zodAcceptsPaymentCall("create-intent.request", doc)).toBe(true);
    expect(jsonSchemaAccepts(schemaOf("create-intent.request"), doc)).toBe(true);
  });
});
