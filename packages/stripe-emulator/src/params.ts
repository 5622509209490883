import { invalidRequest, parameterMissing, parameterUnknown } from "./errors.js";
import type { ParamObject, ParamValue } from "./form-decoding.js";

/** Typed readers over decoded parameters that fail with Stripe's own error wording. */

export function optString(params: ParamObject, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidRequest(`Invalid string: ${JSON.stringify(value)}`, { param: name });
  return value;
}

export function reqString(params: ParamObject, name: string): string {
  const value = optString(params, name);
  if (value === undefined || value === "") throw parameterMissing(name);
  return value;
}

/** An updatable text field where an empty string unsets it (returns null). */
export function optNullableString(params: ParamObject, name: string): string | null | undefined {
  const value = optString(params, name);
  if (value === undefined) return undefined;
  return value === "" ? null : value;
}

export function optInt(params: ParamObject, name: string): number | undefined {
  const value = optString(params, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) {
    throw invalidRequest(`Invalid integer: ${value}`, { code: "parameter_invalid_integer", param: name });
  }
  return Number(value);
}

export function reqInt(params: ParamObject, name: string): number {
  const value = optInt(params, name);
  if (value === undefined) throw parameterMissing(name);
  return value;
}

export function positiveInt(params: ParamObject, name: string): number | undefined {
  const value = optInt(params, name);
  if (value !== undefined && value < 1) {
    throw invalidRequest("This value must be greater than or equal to 1.", {
      code: "parameter_invalid_integer",
      param: name,
    });
  }
  return value;
}

export function optBool(params: ParamObject, name: string): boolean | undefined {
  const value = optString(params, name);
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalidRequest(`Invalid boolean: ${value}`, { param: name });
}

export function optEnum<T extends string>(params: ParamObject, name: string, allowed: readonly T[]): T | undefined {
  const value = optString(params, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidRequest(`Invalid ${name}: must be one of ${allowed.join(", ")}`, { param: name });
  }
  return value as T;
}

export function optObject(params: ParamObject, name: string): ParamObject | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw invalidRequest(`Invalid object`, { param: name });
  }
  return value;
}

export function optArray(params: ParamObject, name: string): ParamValue[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value;
  if (value === "") return [];
  throw invalidRequest(`Invalid array`, { param: name });
}

export function optStringArray(params: ParamObject, name: string): string[] | undefined {
  const list = optArray(params, name);
  if (list === undefined) return undefined;
  return list.map((item) => {
    if (typeof item !== "string") throw invalidRequest("Invalid array", { param: name });
    return item;
  });
}

/** Rejects parameters an endpoint does not know, as Stripe does. `expand` is always allowed. */
export function rejectUnknown(params: ParamObject, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (key !== "expand" && !allowed.includes(key)) throw parameterUnknown(key);
  }
}

export type Metadata = Record<string, string>;

/** Validates metadata: 50 keys, keys up to 40 characters without brackets, values up to 500. */
function checkMetadata(value: ParamValue, param: string): Record<string, string> {
  if (typeof value !== "object" || Array.isArray(value)) throw invalidRequest("Invalid object", { param });
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (typeof raw !== "string") throw invalidRequest("Invalid string", { param: `${param}[${key}]` });
    if (key.length > 40) {
      throw invalidRequest(`Metadata keys can have up to 40 characters. Key ${key} is too long.`, { param });
    }
    if (raw.length > 500) {
      throw invalidRequest(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${raw.length} characters.`,
        {
          param: `${param}[${key}]`,
        },
      );
    }
    out[key] = raw;
  }
  return out;
}

/** Metadata on create: empty values are dropped. */
export function metadataOnCreate(params: ParamObject, name = "metadata"): Metadata {
  const value = params[name];
  if (value === undefined || value === "") return {};
  const entries = Object.entries(checkMetadata(value, name)).filter(([, v]) => v !== "");
  if (entries.length > 50) throw invalidRequest("You can specify up to 50 keys in metadata.", { param: name });
  return Object.fromEntries(entries);
}

/** Metadata on update merges keys; an empty value unsets a key and an empty hash-string unsets all. */
export function metadataOnUpdate(existing: Metadata | null, params: ParamObject, name = "metadata"): Metadata {
  const value = params[name];
  const base = { ...(existing ?? {}) };
  if (value === undefined) return base;
  if (value === "") return {};
  for (const [key, v] of Object.entries(checkMetadata(value, name))) {
    if (v === "") delete base[key];
    else base[key] = v;
  }
  if (Object.keys(base).length > 50)
    throw invalidRequest("You can specify up to 50 keys in metadata.", { param: name });
  return base;
}

export function expandPaths(params: ParamObject): string[] {
  return optStringArray(params, "expand") ?? [];
}
