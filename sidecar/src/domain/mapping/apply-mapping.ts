import { MappingError } from "./mapping-error.js";
import type { FieldRule, MappingSpec, Transform } from "./mapping-spec.js";
import { applyTransform, lookUp, type TransformContext, TransformFailure } from "./transforms.js";

type Scope = Record<string, unknown>;

export function read(scope: Scope, path: string): unknown {
  let value: unknown = scope;
  for (const part of path.split(".")) {
    if (value === null || value === undefined || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const absent = (value: unknown) => value === null || value === undefined || value === "";

/**
 * Runs a declarative mapping over a source scope (e.g. { order, payment }). Throws MappingError naming the
 * target field (lines[1].unitPrice) and the source value the moment one field cannot be mapped.
 */
export function applyMapping(spec: MappingSpec, scope: Scope, context: TransformContext): Record<string, unknown> {
  return mapFields(spec, spec.fields, scope, context, "");
}

function mapFields(
  spec: MappingSpec,
  fields: Record<string, FieldRule>,
  scope: Scope,
  context: TransformContext,
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(fields)) {
    const value = mapField(spec, rule, scope, context, `${prefix}${name}`);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function mapField(spec: MappingSpec, rule: FieldRule, scope: Scope, context: TransformContext, field: string): unknown {
  if ("const" in rule) return rule.const;
  if ("object" in rule) return mapFields(spec, rule.object, scope, context, `${field}.`);
  if ("each" in rule) {
    const items = read(scope, rule.each);
    if (!Array.isArray(items)) throw new MappingError(spec.name, field, items, `${rule.each} is not a list`);
    return items.map((item, i) =>
      mapFields(spec, rule.fields, { ...scope, [rule.as]: item }, context, `${field}[${i}].`),
    );
  }
  const paths = Array.isArray(rule.from) ? rule.from : [rule.from];
  let values = paths.map((p) => read(scope, p));
  if (values.every(absent) && rule.orElse) values = [read(scope, rule.orElse)];
  if (values.every(absent)) {
    if (rule.optional) return undefined;
    throw new MappingError(spec.name, field, values[0], `required, but ${paths.join(", ")} is empty`);
  }
  let current: unknown[] = values;
  for (const transform of rule.transform ?? []) current = [run(spec, transform, current, context, field)];
  const [result] = current;
  if (result === undefined && !rule.optional)
    throw new MappingError(spec.name, field, values[0], "required, but empty after transforms");
  return result;
}

function run(spec: MappingSpec, transform: Transform, values: unknown[], context: TransformContext, field: string) {
  const [value] = values;
  try {
    if (typeof transform === "object") return lookUp(transform, value);
    return applyTransform(transform, values, context);
  } catch (err) {
    if (err instanceof TransformFailure) throw new MappingError(spec.name, field, value, err.message);
    throw err;
  }
}
