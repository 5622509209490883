/**
 * Keyset pagination over (time, id), newest first: stable while rows are being inserted, and each page is
 * an index range scan however deep the client pages.
 */
export interface Cursor {
  at: Date;
  id: string;
}

export const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");

export function decodeCursor(cursor: string): Cursor {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (!id || Number.isNaN(at.getTime())) throw new Error("invalid cursor");
  return { at, id };
}

/** Prisma `where` for "after this cursor" on a (timeField desc, id desc) ordering. */
export function afterCursor<F extends string>(field: F, cursor: string | null | undefined) {
  if (!cursor) return {};
  const { at, id } = decodeCursor(cursor);
  return { OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: id } }] };
}

export const pageSize = (first: number | null | undefined) => Math.min(Math.max(first ?? 50, 1), 200);

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
