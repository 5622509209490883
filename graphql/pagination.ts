import { badArgument, isStorableDate } from "./arguments.js";

/**
 * Keyset pagination over (time, id), newest first: stable while rows are being inserted, and each page is
 * an index range scan however deep the client pages.
 */
export interface Cursor {
  at: Date;
  id: string;
}

/** Whether a cursor's id has the form of the connection's ids (a uuid, a bigint, …), so the database takes it. */
export type IdCheck = (id: string) => boolean;

export const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");

/**
 * The position in a cursor encodeCursor made for this connection, else undefined. Decoding is lenient (any text
 * is some base64url), so the cursor must also encode back to itself: that leaves only what encodeCursor writes.
 */
export function decodeCursor(cursor: string, isId: IdCheck): Cursor | undefined {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const bar = text.indexOf("|");
  if (bar === -1) return undefined;
  const at = new Date(text.slice(0, bar));
  const id = text.slice(bar + 1);
  if (!isStorableDate(at) || !isId(id)) return undefined;
  return encodeCursor(at, id) === cursor ? { at, id } : undefined;
}

/** The `after` argument as a position (null without one); anything this API did not issue is BAD_USER_INPUT. */
export function parseAfter(after: string | null | undefined, isId: IdCheck): Cursor | null {
  if (!after) return null;
  const cursor = decodeCursor(after, isId);
  if (!cursor) throw badArgument("after", "is not a cursor this API issued");
  return cursor;
}

/** Prisma `where` for "after this cursor" on a (timeField desc, id desc) ordering. */
export function afterCursor<F extends string>(field: F, after: string | null | undefined, isId: IdCheck) {
  const cursor = parseAfter(after, isId);
  if (!cursor) return {};
  const { at, id } = cursor;
  return { OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: id } }] };
}

/** The rows a page holds: `first`, or 50, at most 200; `first: 0` is an empty page (Relay allows it). */
export const clampPageSize = (first: number | null | undefined) => Math.min(Math.max(first ?? 50, 0), 200);

interface PageArgs {
  first?: number | null;
  last?: number | null;
  before?: string | null;
}

/**
 * The page size of a forward page. Relay gives every connection `last` and `before` too; these connections page
 * forward only (newest first), so asking for a backward page is refused rather than answered with a forward one.
 */
export function pageSize({ first, last, before }: PageArgs): number {
  if (last != null) throw badArgument("last", "is not supported: page forward with first and after");
  if (before != null) throw badArgument("before", "is not supported: page forward with first and after");
  if (first != null && first < 0) throw badArgument("first", "must not be negative");
  return clampPageSize(first);
}

/** Turns rows fetched with take = size + 1 into a Relay connection. */
export function toConnection<T extends { id: string }>(rows: T[], size: number, timeOf: (row: T) => Date) {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: encodeCursor(timeOf(node), node.id), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
