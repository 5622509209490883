import { type DeadLetter, Prisma, type PrismaClient } from "../generated/prisma/client.js";
import { type DeadLetterFilter, deadLetterCondition } from "./dead-letter-filter.js";

export interface MatchingPage {
  /** oldest: in the order things failed (replays); newest: what happened last first (lists). */
  order: "oldest" | "newest";
  limit: number;
  /** Keyset position: rows strictly past this (deadAt, id) in `order`. */
  after?: { at: Date; id: string } | null;
}

/** The dead letters a filter matches, a page of them in (deadAt, id) order. */
export async function findMatching(
  prisma: PrismaClient,
  filter: DeadLetterFilter,
  { order, limit, after }: MatchingPage,
): Promise<DeadLetter[]> {
  const newest = order === "newest";
  const past = after
    ? newest
      ? Prisma.sql`AND (d."deadAt", d.id) < (${after.at}, ${after.id}::uuid)`
      : Prisma.sql`AND (d."deadAt", d.id) > (${after.at}, ${after.id}::uuid)`
    : Prisma.empty;
  const direction = newest ? Prisma.raw("DESC") : Prisma.raw("ASC");
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT d.id FROM "DeadLetter" d
    WHERE ${deadLetterCondition(filter)} ${past}
    ORDER BY d."deadAt" ${direction}, d.id ${direction}
    LIMIT ${limit}`;
  if (rows.length === 0) return [];
  // Loaded through Prisma, so JSON and dates come typed as everywhere else; then put back in the query's order.
  const letters = await prisma.deadLetter.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
  const byId = new Map(letters.map((l) => [l.id, l]));
  return rows.flatMap((r) => byId.get(r.id) ?? []);
}

/** How many dead letters a filter matches in all. */
export async function countMatching(prisma: PrismaClient, filter: DeadLetterFilter): Promise<number> {
  const [row] = await prisma.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "DeadLetter" d WHERE ${deadLetterCondition(filter)}`;
  return row?.count ?? 0;
}
