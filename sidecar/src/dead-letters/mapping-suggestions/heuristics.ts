import { minorUnitExponent } from "../../domain/currencies.js";
import { applyMapping } from "../../domain/mapping/apply-mapping.js";
import { type SalesOrderFigures, salesOrderMismatch } from "../../domain/mapping/erp-sales-order-totals.js";
import type { Transform } from "../../domain/mapping/mapping-spec.js";
import { normalizeCurrency } from "../../domain/money.js";
import { countryCodeOfName } from "./country-names.js";
import { nearestName, normalizeName } from "./nearest-name.js";
import { locateRule, type RuleLocation, type SourceRule, withRule } from "./spec-edit.js";
import { type MappingFailure, type MappingSuggestion, suggestion } from "./suggestion.js";

type Heuristic = (failure: MappingFailure) => MappingSuggestion[];

const absent = (v: unknown) => v === null || v === undefined || v === "";
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The failing field's `from` rule, if that is what makes it. */
function sourceRule(failure: MappingFailure): (RuleLocation & { rule: SourceRule }) | undefined {
  const location = locateRule(failure.spec, failure.field);
  return location && "from" in location.rule ? (location as RuleLocation & { rule: SourceRule }) : undefined;
}

/**
 * A path the payload lacks, walked segment by segment: where a segment is missing (or empty at the end), the
 * nearest name present at that level takes its place. Undefined when the path is fine or nothing is near.
 */
function nearestPresentPath(scope: unknown, path: string): { path: string; similarity: number } | undefined {
  const segments = path.split(".");
  let node = scope;
  let similarity = 1;
  let changed = false;
  for (const [i, segment] of segments.entries()) {
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    const here = node as Record<string, unknown>;
    const last = i === segments.length - 1;
    if (!(segment in here) || (last && absent(here[segment]))) {
      const present = Object.keys(here).filter((k) => (last ? !absent(here[k]) : isRecord(here[k])));
      const near = nearestName(segment, present);
      if (!near) return undefined;
      segments[i] = near.name;
      similarity = Math.min(similarity, near.similarity);
      changed = true;
    }
    node = here[segments[i]!];
  }
  return changed ? { path: segments.join("."), similarity } : undefined;
}

/** A source path with a typo or an old name: the nearest name the payload has (`emial` -> `email`). */
export const nearestField: Heuristic = (failure) => {
  const location = sourceRule(failure);
  if (!location) return [];
  const { rule, bindings, keys } = location;
  const paths = Array.isArray(rule.from) ? rule.from : [rule.from];
  const fixed = paths.map((p) => {
    // Aliases (`item`) stay in the rule; the walk runs on what they stand for in this document.
    const [head = "", ...tail] = p.split(".");
    const prefix = bindings[head];
    const near = nearestPresentPath(failure.scope, prefix ? [prefix, ...tail].join(".") : p);
    if (!near || !prefix) return { path: near?.path ?? p, near };
    const prefixLength = prefix.split(".").length;
    const segments = near.path.split(".");
    if (segments.slice(0, prefixLength).join(".") !== prefix) return { path: p, near: undefined };
    return { path: [head, ...segments.slice(prefixLength)].join("."), near };
  });
  const changes = fixed.filter((f) => f.near);
  if (changes.length === 0) return [];
  const from = Array.isArray(rule.from) ? fixed.map((f) => f.path) : fixed[0]!.path;
  const similarity = Math.min(...changes.map((c) => c.near!.similarity));
  const named = changes.map((c) => `${paths[fixed.indexOf(c)]} -> ${c.path}`).join(", ");
  return [
    suggestion(
      "nearest-field",
      withRule(failure.spec, keys, { ...rule, from }),
      0.5 + similarity / 2,
      `the payload has no value at the mapped path; the nearest name it has: ${named}`,
    ),
  ];
};

const moneyName = /price|total|amount|discount|shipping|tax|fee|cost/i;

/** A value of the wrong type for the document: "12.50" where minor units go, "2" for a quantity, 7 for text. */
export const typeCoercion: Heuristic = (failure) => {
  const location = sourceRule(failure);
  if (!location || location.rest.length > 0) return [];
  const { rule, keys } = location;
  const transforms = rule.transform ?? [];
  const lastKey = keys[keys.length - 1] ?? "";
  const { value } = failure;
  let add: Transform | undefined;
  let why = "";
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) && !transforms.includes("money")) {
    if (moneyName.test(lastKey) || value.includes(".")) {
      add = "money";
      why = `"${value}" is a decimal amount; the document wants minor units`;
    } else if (!transforms.includes("integer")) {
      add = "integer";
      why = `"${value}" is a whole number written as text`;
    }
  } else if ((typeof value === "number" || typeof value === "boolean") && /expected string/.test(failure.message)) {
    add = "string";
    why = `${value} is a ${typeof value}; the document wants text`;
  }
  if (!add) return [];
  const spec = withRule(failure.spec, keys, { ...rule, transform: [...transforms, add] });
  return [suggestion("type-coercion", spec, 0.8, `${why}: add the "${add}" transform`)];
};

/** A country written as a name ("Deutschland") where an ISO 3166 code goes: a lookup entry for it. */
export const countryName: Heuristic = (failure) => {
  const location = sourceRule(failure);
  if (!location) return [];
  const { rule, keys } = location;
  const transforms = rule.transform ?? [];
  const isAddress = transforms.includes("address");
  const raw = isAddress && isRecord(failure.value) ? failure.value.countryCode : failure.value;
  if (typeof raw !== "string") return [];
  const code = countryCodeOfName(raw);
  if (!code) return [];
  const lookup: Transform = { map: { [raw]: code }, ...(isAddress ? { at: "countryCode" } : {}), otherwise: "keep" };
  const position = isAddress ? transforms.indexOf("address") : 0;
  const next = [...transforms.slice(0, position), lookup, ...transforms.slice(position)];
  const spec = withRule(failure.spec, keys, { ...rule, transform: next });
  return [suggestion("country-name", spec, 0.9, `"${raw}" is the country ${code}: look it up before mapping`)];
};

/** A value a lookup table does not know, close to one it does ("Paid " for "paid"): an entry for it. */
export const nearestEnum: Heuristic = (failure) => {
  const location = sourceRule(failure);
  if (!location || !/no mapping for/.test(failure.message)) return [];
  const { rule, keys } = location;
  const transforms = rule.transform ?? [];
  const index = transforms.findIndex((t) => typeof t === "object" && !t.at && t.otherwise === undefined);
  const table = transforms[index];
  if (typeof table !== "object") return [];
  const value = String(failure.value);
  const near = nearestName(value, Object.keys(table.map));
  if (!near && !Object.keys(table.map).some((k) => normalizeName(k) === normalizeName(value))) return [];
  const key = near?.name ?? Object.keys(table.map).find((k) => normalizeName(k) === normalizeName(value))!;
  const entry = { ...table, map: { ...table.map, [value]: table.map[key]! } };
  const spec = withRule(failure.spec, keys, {
    ...rule,
    transform: transforms.map((t, i) => (i === index ? entry : t)),
  });
  return [
    suggestion(
      "nearest-enum",
      spec,
      0.4 + (near?.similarity ?? 1) / 2,
      `"${value}" is not in the table; the nearest value it knows is "${key}" (-> ${String(table.map[key])})`,
    ),
  ];
};

/** An amount already in minor units read as a decimal: the figure is 100x (1000x) what the rest adds up to. */
export const minorUnits: Heuristic = (failure) => {
  const location = sourceRule(failure);
  if (!location || !(location.rule.transform ?? []).includes("money")) return [];
  let mismatch: ReturnType<typeof salesOrderMismatch>;
  try {
    const mapped = applyMapping(failure.spec, failure.scope, { currency: failure.currency });
    mismatch = salesOrderMismatch(mapped as unknown as SalesOrderFigures);
  } catch {
    return [];
  }
  const factor = 10 ** minorUnitExponent(normalizeCurrency(failure.currency));
  if (!mismatch || mismatch.field.replace(/\[(\d+)\]/g, ".$1") !== failure.field.replace(/\[(\d+)\]/g, ".$1"))
    return [];
  if (factor < 100 || mismatch.expected === 0 || mismatch.actual !== mismatch.expected * factor) return [];
  const { rule, keys } = location;
  const transform = rule.transform!.map((t) => (t === "money" ? "minor-units" : t));
  return [
    suggestion(
      "minor-units",
      withRule(failure.spec, keys, { ...rule, transform }),
      0.85,
      `${failure.field} is ${factor}x what the rest adds up to (${mismatch.actual} vs ${mismatch.expected}): the source gives minor units already`,
    ),
  ];
};

export const heuristics: readonly Heuristic[] = [nearestField, typeCoercion, countryName, nearestEnum, minorUnits];

/** Every heuristic's suggestions, most confident first, each change once. */
export function heuristicSuggestions(failure: MappingFailure): MappingSuggestion[] {
  const all = heuristics.flatMap((h) => h(failure));
  const unique = [...new Map(all.map((s) => [s.id, s])).values()];
  return unique.sort((a, b) => b.confidence - a.confidence);
}
