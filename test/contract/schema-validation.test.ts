import { bridgeEventTypes } from "@nop-stripe/contract/bridge-event-schemas.js";
import { paymentCallPaths } from "@nop-stripe/contract/payment-call-schemas.js";
import { writeBackBasePath, writeBackRoutes } from "@nop-stripe/contract/write-back-routes.js";
import { describe, expect, it } from "vitest";
import {
  contractAjv,
  contractDir,
  eventExamples,
  kebab,
  paymentCallExamples,
  readJson,
  schemaBase,
  schemaIdForPaymentCallExample,
  schemaIdForWriteBackExample,
  writeBackExamples,
} from "./contract-files.js";

const ajv = contractAjv();

function validate(schemaId: string, value: unknown): string[] {
  const fn = ajv.getSchema(schemaId);
  if (!fn) throw new Error(`no schema ${schemaId}`);
  return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("contract examples against the JSON Schema (draft 2020-12)", () => {
  it("has one event example per event type and one schema per type", () => {
    expect(
      eventExamples()
        .map((e) => e.name)
        .sort(),
    ).toEqual([...bridgeEventTypes].sort());
    for (const type of bridgeEventTypes) expect(ajv.getSchema(`${schemaBase}events/${type}.schema.json`)).toBeDefined();
  });

  it.each(eventExamples())("$file is a valid envelope and a valid typed event", ({ name, json }) => {
    expect(validate(`${schemaBase}envelope.schema.json`, json)).toEqual([]);
    expect(validate(`${schemaBase}event.schema.json`, json)).toEqual([]);
    expect((json as { type: string }).type).toBe(name);
    expect(validate(`${schemaBase}events/${name}.schema.json`, (json as { payload: unknown }).payload)).toEqual([]);
  });

  it("has a request and a response example for every write-back operation, plus an error", () => {
    const names = new Set(writeBackExamples().map((e) => e.name));
    for (const op of Object.keys(writeBackRoutes)) {
      expect(names).toContain(`${kebab(op)}.request`);
      expect(names).toContain(`${kebab(op)}.response`);
    }
    expect(names).toContain("error.rule-refused");
  });

  it.each(writeBackExamples())("$file matches its schema", ({ name, json }) => {
    expect(validate(schemaIdForWriteBackExample(name), json)).toEqual([]);
  });

  it("event.schema.json holds the payload to its type (an order.paid payload is not a customer.registered one)", () => {
    const paid = eventExamples().find((e) => e.name === "order.paid")!.json as Record<string, unknown>;
    expect(validate(`${schemaBase}event.schema.json`, { ...paid, type: "customer.registered" })).not.toEqual([]);
    expect(validate(`${schemaBase}event.schema.json`, { ...paid, type: "order.teleported" })).not.toEqual([]);
  });

  it("write-back-api.json lists exactly the routes the connector calls", () => {
    const manifest = readJson(`${contractDir}write-back-api.json`) as {
      basePath: string;
      operations: { name: string; method: string; path: string; kind: string; request: string; response: string }[];
    };
    expect(manifest.basePath).toBe(writeBackBasePath);
    const fromManifest = Object.fromEntries(
      manifest.operations.map((o) => [o.name, { path: o.path.slice(manifest.basePath.length), kind: o.kind }]),
    );
    expect(fromManifest).toEqual(writeBackRoutes);
    for (const o of manifest.operations) {
      expect(o.method).toBe("POST");
      expect(ajv.getSchema(`${schemaBase}${o.request.replace(/^schemas\//, "")}`)).toBeDefined();
      expect(ajv.getSchema(`${schemaBase}${o.response.replace(/^schemas\//, "")}`)).toBeDefined();
    }
  });

  it("has a request and a response example for every payment call, and its error answers", () => {
    const names = new Set(paymentCallExamples().map((e) => e.name));
    for (const path of Object.values(paymentCallPaths)) {
      const operation = path.replace("/bridge/payments/", "");
      expect(names).toContain(`${operation}.request`);
      expect(names).toContain(`${operation}.response`);
    }
    for (const error of ["bad-signature", "bad-shape", "refused"]) expect(names).toContain(`error.${error}`);
  });

  it.each(paymentCallExamples())("$file matches its schema", ({ name, json }) => {
    expect(validate(schemaIdForPaymentCallExample(name), json)).toEqual([]);
  });
});
