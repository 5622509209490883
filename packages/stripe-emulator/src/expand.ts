import { invalidRequest } from "./errors.js";
import type { Store } from "./store.js";

/** Fields that exist only when expanded (for example `charge.refunds`). */
export type VirtualField = (owner: Record<string, unknown>) => unknown;
export type VirtualFields = Record<string, Record<string, VirtualField>>;

const MAX_DEPTH = 4;

/**
 * Applies `expand[]` paths to a response: ids become full objects (deep copies), paths walk through
 * arrays and list objects (`data.source`), and nested paths (`latest_charge.balance_transaction`) chain.
 */
export function applyExpand(response: unknown, paths: string[], store: Store, virtual: VirtualFields): unknown {
  const root = structuredClone(response);
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > MAX_DEPTH) {
      throw invalidRequest(`You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`, {
        param: "expand",
      });
    }
    expandInto(root, segments, path, store, virtual);
  }
  return root;
}

function expandInto(node: unknown, segments: string[], path: string, store: Store, virtual: VirtualFields): void {
  if (segments.length === 0 || node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const item of node) expandInto(item, segments, path, store, virtual);
    return;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  const owner = node as Record<string, unknown>;
  const objectType = typeof owner.object === "string" ? owner.object : "";
  const virtualField = virtual[objectType]?.[head];
  if (virtualField && (owner[head] === undefined || owner[head] === null)) {
    owner[head] = structuredClone(virtualField(owner));
  } else if (!(head in owner)) {
    throw invalidRequest(`This property cannot be expanded (${head}).`, { param: "expand" });
  }
  const value = owner[head];
  if (typeof value === "string") {
    const found = store.get(value);
    if (found) owner[head] = structuredClone(found);
  }
  expandInto(owner[head], rest, path, store, virtual);
}
