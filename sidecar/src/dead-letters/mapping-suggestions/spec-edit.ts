import type { FieldRule, MappingSpec } from "../../domain/mapping/mapping-spec.js";

/** A `from` rule: the kind a suggestion changes (a path, a transform, a lookup entry). */
export type SourceRule = Extract<FieldRule, { from: unknown }>;

/** Where a target field's rule sits in a spec. */
export interface RuleLocation {
  rule: FieldRule;
  /** The rule's keys from the spec's `fields` down (objects and lists left out): where to put a changed rule. */
  keys: string[];
  /** The source path each list alias stands for in the failing document (`item` -> `order.items.0`). */
  bindings: Record<string, string>;
  /** What remains of the field below the rule (`country` of `billingAddress.country`): a transform's output. */
  rest: string[];
}

/** "lines[0].unitPrice" and "lines.0.unitPrice" (a schema issue's path) alike -> ["lines", "0", "unitPrice"]. */
export const fieldSegments = (field: string) =>
  field
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter(Boolean);

/** The rule that makes a target field (the deepest rule on its way), with the list aliases bound on the way. */
export function locateRule(spec: MappingSpec, field: string): RuleLocation | undefined {
  const segments = fieldSegments(field);
  let fields: Record<string, FieldRule> = spec.fields;
  const keys: string[] = [];
  const bindings: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const rule = fields[segments[i]!];
    if (!rule) return undefined;
    keys.push(segments[i]!);
    if ("object" in rule) fields = rule.object;
    else if ("each" in rule) {
      const index = segments[i + 1];
      if (index === undefined || !/^\d+$/.test(index)) return { rule, keys, bindings, rest: segments.slice(i + 1) };
      bindings[rule.as] = `${resolvePath(rule.each, bindings)}.${index}`;
      fields = rule.fields;
      i++;
    } else return { rule, keys, bindings, rest: segments.slice(i + 1) };
  }
  return undefined;
}

/** A rule's source path with the list aliases replaced by where they point (`item.sku` -> `order.items.0.sku`). */
export function resolvePath(path: string, bindings: Record<string, string>): string {
  const [head, ...tail] = path.split(".");
  const bound = head !== undefined ? bindings[head] : undefined;
  return bound ? [bound, ...tail].join(".") : path;
}

/** A copy of the spec with the rule at `keys` replaced, one version up (the version stored is decided on apply). */
export function withRule(spec: MappingSpec, keys: readonly string[], rule: FieldRule): MappingSpec {
  const replace = (fields: Record<string, FieldRule>, [key, ...more]: readonly string[]): Record<string, FieldRule> => {
    const current = fields[key!]!;
    if (more.length === 0) return { ...fields, [key!]: rule };
    if ("object" in current) return { ...fields, [key!]: { object: replace(current.object, more) } };
    if ("each" in current) return { ...fields, [key!]: { ...current, fields: replace(current.fields, more) } };
    throw new Error(`no rule below ${key}`);
  };
  return { ...spec, version: spec.version + 1, fields: replace(spec.fields, keys) };
}
