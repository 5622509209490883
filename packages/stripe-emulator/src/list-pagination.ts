import { invalidRequest, resourceMissing } from "./errors.js";
import type { ParamObject } from "./form-decoding.js";
import { optInt, optObject, optString } from "./params.js";
import type { Store } from "./store.js";

export interface ListPage<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

interface Listed {
  id: string;
  created: number;
}

/** Newest first; equal `created` seconds fall back to creation order, newest first. */
export function compareNewestFirst(store: Store) {
  return (a: Listed, b: Listed) => b.created - a.created || store.seqOf(b.id) - store.seqOf(a.id);
}

function readLimit(params: ParamObject): number {
  const limit = optInt(params, "limit") ?? 10;
  if (limit < 1) throw invalidRequest("This value must be greater than or equal to 1.", { param: "limit" });
  if (limit > 100) throw invalidRequest("This value must be less than or equal to 100.", { param: "limit" });
  return limit;
}

/** Applies Stripe's cursor pagination (`limit`, `starting_after`, `ending_before`) to a filtered list. */
export function paginate<T extends Listed>(store: Store, items: T[], params: ParamObject, url: string): ListPage<T> {
  const sorted = [...items].sort(compareNewestFirst(store));
  return paginateSorted(store, sorted.length, (i) => sorted[i] as T, params, url);
}

/** The first position in a sorted list whose item is not before `isBefore`'s boundary (binary search). */
function firstNotBefore(length: number, isBefore: (i: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (isBefore(mid)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Pagination over a list already sorted newest first, read through `at(i)`: the cursor is found by binary
 * search (it need not be in the list, as with Stripe), so a page costs O(log n + limit).
 */
export function paginateSorted<T extends Listed>(
  store: Store,
  length: number,
  at: (i: number) => T,
  params: ParamObject,
  url: string,
): ListPage<T> {
  const limit = readLimit(params);
  const after = optString(params, "starting_after");
  const before = optString(params, "ending_before");
  const cursorOf = (id: string, param: string): Listed => {
    const found = store.get(id) as Partial<Listed> | undefined;
    if (!found || typeof found.created !== "number") throw resourceMissing("object", id, param);
    return { id, created: found.created };
  };
  const order = compareNewestFirst(store);
  const slice = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => at(from + k));
  if (after) {
    const cursor = cursorOf(after, "starting_after");
    const start = firstNotBefore(length, (i) => order(cursor, at(i)) >= 0);
    const end = Math.min(length, start + limit);
    return { object: "list", data: slice(start, end), has_more: end < length, url };
  }
  if (before) {
    const cursor = cursorOf(before, "ending_before");
    const end = firstNotBefore(length, (i) => order(at(i), cursor) < 0);
    const start = Math.max(0, end - limit);
    return { object: "list", data: slice(start, end), has_more: start > 0, url };
  }
  const end = Math.min(length, limit);
  return { object: "list", data: slice(0, end), has_more: end < length, url };
}

/** Matches `created` (or another timestamp) filters: an exact value or `gt`/`gte`/`lt`/`lte`. */
export function matchesRange(value: number, params: ParamObject, name: string): boolean {
  const exact = params[name];
  if (exact === undefined) return true;
  if (typeof exact === "string") return value === optInt(params, name);
  const range = optObject(params, name) ?? {};
  const bound = (key: string) => optInt(range, key);
  const gt = bound("gt");
  const gte = bound("gte");
  const lt = bound("lt");
  const lte = bound("lte");
  return (
    (gt === undefined || value > gt) &&
    (gte === undefined || value >= gte) &&
    (lt === undefined || value < lt) &&
    (lte === undefined || value <= lte)
  );
}

export function listOf<T>(data: T[], url: string): ListPage<T> {
  return { object: "list", data, has_more: false, url };
}

/**
 * The list endpoints of objects that belong to a charge (refunds, disputes, early fraud warnings): filtered by
 * `charge`, `payment_intent` and `created`, then paginated.
 */
export function listByCharge<T extends Listed & { charge: unknown; payment_intent?: unknown }>(
  store: Store,
  objectType: string,
  params: ParamObject,
  url: string,
): ListPage<T> {
  const charge = optString(params, "charge");
  const intent = optString(params, "payment_intent");
  const items = store
    .all<T>(objectType)
    .filter(
      (item) =>
        (charge === undefined || item.charge === charge) &&
        (intent === undefined || item.payment_intent === intent) &&
        matchesRange(item.created, params, "created"),
    );
  return paginate(store, items, params, url);
}
