import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** The contract folder and helpers to load its schemas and examples, shared by the contract tests. */
export const contractDir = new URL("../../nop-plugin-bridge/contract/", import.meta.url).pathname;
export const schemaBase = "https://nop-stripe-sidecar.dev/contract/1/";

export const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

function listJson(dir: string): string[] {
  return readdirSync(`${contractDir}${dir}`)
    .filter((f) => f.endsWith(".json"))
    .map((f) => `${dir}/${f}`);
}

/** Every schema file, relative to the contract folder (schemas/common.schema.json, schemas/events/...). */
export function schemaFiles(): string[] {
  return [
    ...listJson("schemas"),
    ...listJson("schemas/events"),
    ...listJson("schemas/write-back"),
    ...listJson("schemas/payment-calls"),
  ];
}

/** An Ajv (draft 2020-12, formats on, strict) holding every schema of the contract by its $id. */
export function contractAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv);
  for (const file of schemaFiles()) ajv.addSchema(readJson(`${contractDir}${file}`) as object);
  return ajv;
}

export interface Example {
  file: string;
  name: string;
  json: unknown;
}

/** The examples of one folder, named by file (order.placed, capture.request, error.refused, ...). */
const examplesIn = (dir: string): Example[] =>
  listJson(dir).map((file) => ({
    file,
    name: file.replace(/^.*\//, "").replace(/\.json$/, ""),
    json: readJson(`${contractDir}${file}`),
  }));

export const eventExamples = (): Example[] => examplesIn("examples/events");

export const writeBackExamples = (): Example[] => examplesIn("examples/write-back");

/** The plugin's payment calls: capture.request, capture.response, error.refused, ... */
export const paymentCallExamples = (): Example[] => examplesIn("examples/payment-calls");

/** request/response/error schema $id for a payment call example file name such as capture.request. */
export function schemaIdForPaymentCallExample(name: string): string {
  if (name.startsWith("error.")) return `${schemaBase}payment-calls/error.schema.json`;
  return `${schemaBase}payment-calls/${name}.schema.json`;
}

/** request/response/error schema $id for a write-back example file name such as mark-order-paid.request. */
export function schemaIdForWriteBackExample(name: string): string {
  if (name.startsWith("error.")) return `${schemaBase}write-back/error.schema.json`;
  return `${schemaBase}write-back/${name}.schema.json`;
}

export const kebab = (s: string) => s.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
