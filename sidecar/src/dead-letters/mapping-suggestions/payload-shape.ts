/** One path of a payload and the type of what is there: what a model may see instead of the values. */
export interface PathShape {
  path: string;
  type: "string" | "number" | "boolean" | "null" | "object" | "array";
}

const typeOf = (value: unknown): PathShape["type"] =>
  value === null || value === undefined
    ? "null"
    : Array.isArray(value)
      ? "array"
      : (typeof value as "string" | "number" | "boolean" | "object");

/** Every path of a payload with its type, no values; a list is described by its first item (`order.items.0`). */
export function shapeOf(value: unknown, path = ""): PathShape[] {
  const here: PathShape[] = path ? [{ path, type: typeOf(value) }] : [];
  if (Array.isArray(value)) return value.length ? [...here, ...shapeOf(value[0], `${path}.0`)] : here;
  if (typeof value !== "object" || value === null) return here;
  const children = Object.entries(value).flatMap(([key, v]) => shapeOf(v, path ? `${path}.${key}` : key));
  return [...here, ...children];
}
