/** A decoded Stripe request parameter: text, a list, or a nested hash. */
export type ParamValue = string | ParamValue[] | ParamObject;
export interface ParamObject {
  [key: string]: ParamValue;
}

const ARRAY_MARK = Symbol("array");
type Building = { [key: string]: Building | string; [ARRAY_MARK]?: true };

/**
 * Decodes Stripe's bracket form encoding (`a[b][c]=1`, `a[0]=x`, `a[]=y`) as sent by stripe-node,
 * for both request bodies and query strings.
 */
export function decodeForm(encoded: string): ParamObject {
  const root: Building = {};
  for (const [key, value] of new URLSearchParams(encoded)) assign(root, splitKey(key), value);
  return finish(root, false) as ParamObject;
}

function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0 || !key.endsWith("]")) return [key];
  const head = key.slice(0, open);
  const rest = [...key.slice(open).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? "");
  return [head, ...rest];
}

function assign(root: Building, segments: string[], value: string): void {
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    let segment = segments[i] ?? "";
    if (segment === "" || /^\d+$/.test(segment)) node[ARRAY_MARK] = true;
    if (segment === "") segment = String(Object.keys(node).length);
    if (i === segments.length - 1) {
      node[segment] = value;
      return;
    }
    const child = node[segment];
    if (typeof child === "object") {
      node = child;
    } else {
      const created: Building = {};
      node[segment] = created;
      node = created;
    }
  }
}

/** Converts index-keyed hashes to arrays, except inside metadata where any key is a plain key. */
function finish(node: Building | string, insideMetadata: boolean): ParamValue {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  const isArray = !insideMetadata && node[ARRAY_MARK] === true && keys.every((k) => /^\d+$/.test(k));
  if (isArray) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => finish(node[String(k)] as Building | string, false));
  }
  const out: ParamObject = {};
  for (const key of keys) out[key] = finish(node[key] as Building | string, key === "metadata");
  return out;
}
