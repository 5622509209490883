import { randomUUID } from "node:crypto";
import type { SqlRunner } from "../db/migrate.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { InboxEvent, InboxSource, IncomingEvent } from "./inbox-event.js";

const eventKey = (source: InboxSource, eventId: string) => `${source}\u0000${eventId}`;

/** Inbox storage. Unique on (source, eventId): a redelivered event is recognised, never stored twice. */
export class InboxRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlRunner,
  ) {}

  /**
   * Inserts a batch in one statement. Returns, per (source, eventId), the new inbox id, or undefined for an
   * event that was already stored (before, or earlier in the same batch).
   */
  /**
   * Marked enqueued on insert, optimistically: the enqueue follows at once, and should it fail the caller
   * clears the mark (markNotEnqueued); should the process die in between, the sweeper finds the event.
   */
  async insertMany(events: IncomingEvent[]): Promise<(string | undefined)[]> {
    // One statement for the whole batch, through the driver: this is the ingest hot path, and going through
    // Prisma costs more CPU than the database spends on it. The batch travels as one JSON parameter.
    const rows = events.map((e) => ({
      id: randomUUID(),
      source: e.source,
      eventId: e.eventId,
      type: e.type,
      occurredAt: e.occurredAt?.toISOString() ?? null,
      payload: e.payload,
      signedBody: e.signedBody.toString("base64"),
    }));
    const { rows: inserted } = await this.sql.query(
      `INSERT INTO "InboxEvent" (id, source, "eventId", type, "occurredAt", payload, "signedBody", "enqueuedAt")
       SELECT r.id, r.source, r."eventId", r.type, r."occurredAt", r.payload,
         decode(r."signedBody", 'base64'), now()
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, source text, "eventId" text, type text,
         "occurredAt" timestamptz, payload jsonb, "signedBody" text)
       ON CONFLICT (source, "eventId") DO NOTHING
       RETURNING id, source, "eventId"`,
      [JSON.stringify(rows)],
    );
    const idByKey = new Map(
      (inserted as { id: string; source: InboxSource; eventId: string }[]).map((row) => [
        eventKey(row.source, row.eventId),
        row.id,
      ]),
    );
    return events.map((e) => {
      const key = eventKey(e.source, e.eventId);
      const id = idByKey.get(key);
      idByKey.delete(key); // a second copy within the batch is a duplicate
      return id;
    });
  }

  /** The inbox ids of these already stored events, in the same order (a redelivery is answered with its id). */
  async storedIds(events: IncomingEvent[]): Promise<string[]> {
    const { rows } = await this.sql.query(
      `SELECT r.i, e.id FROM jsonb_to_recordset($1::jsonb) AS r(i int, source text, "eventId" text)
       JOIN "InboxEvent" e ON e.source = r.source AND e."eventId" = r."eventId"`,
      [JSON.stringify(events.map((e, i) => ({ i, source: e.source, eventId: e.eventId })))],
    );
    const ids: string[] = [];
    for (const row of rows as { i: number; id: string }[]) ids[row.i] = row.id;
    return events.map((e, i) => {
      const id = ids[i];
      if (id === undefined) throw new Error(`inbox event ${e.source}/${e.eventId} is not stored`);
      return id;
    });
  }

  /** Of these deliveries of stored events, the ones whose payload differs from the stored payload. */
  async differingFromStored(events: IncomingEvent[]): Promise<IncomingEvent[]> {
    if (events.length === 0) return [];
    const { rows } = await this.sql.query(
      `SELECT r.i FROM jsonb_to_recordset($1::jsonb) AS r(i int, source text, "eventId" text, payload jsonb)
       JOIN "InboxEvent" e ON e.source = r.source AND e."eventId" = r."eventId"
       WHERE e.payload IS DISTINCT FROM r.payload`,
      [JSON.stringify(events.map((e, i) => ({ i, source: e.source, eventId: e.eventId, payload: e.payload })))],
    );
    return (rows as { i: number }[]).map((row) => events[row.i]!);
  }

  async markNotEnqueued(ids: string[]): Promise<void> {
    if (ids.length > 0)
      await this.sql.query(
        `UPDATE "InboxEvent" SET "enqueuedAt" = NULL WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)`,
        [JSON.stringify(ids)],
      );
  }

  async markEnqueued(ids: string[]): Promise<void> {
    if (ids.length > 0)
      await this.prisma.inboxEvent.updateMany({ where: { id: { in: ids } }, data: { enqueuedAt: new Date() } });
  }

  /**
   * Events a worker should have taken but has not: still waiting a while after they were (or should have
   * been) enqueued (a crash between commit and enqueue, or an enqueue that failed); an attempt started long
   * before `attemptBefore` (its worker was lost and the queue lost the job too, e.g. Redis restarted empty); a
   * retry due before `retryDueBefore` that never ran (the delayed job was lost). Re-enqueueing an event whose
   * job is merely waiting in a backlog is a no-op, so erring towards re-enqueueing is safe. Parked events wait
   * for their system, not for the queue.
   */
  async findStranded(
    cutoffs: { waitingBefore: Date; attemptBefore: Date; retryDueBefore: Date },
    limit: number,
  ): Promise<string[]> {
    const { waitingBefore, attemptBefore, retryDueBefore } = cutoffs;
    const rows = await this.prisma.inboxEvent.findMany({
      where: {
        OR: [
          {
            status: "received",
            receivedAt: { lt: waitingBefore },
            OR: [{ enqueuedAt: null }, { enqueuedAt: { lt: waitingBefore } }],
          },
          {
            status: "processing",
            OR: [{ attemptedAt: { lt: attemptBefore } }, { attemptedAt: null, enqueuedAt: { lt: attemptBefore } }],
          },
          {
            status: "retrying",
            OR: [{ nextAttemptAt: { lt: retryDueBefore } }, { nextAttemptAt: null, enqueuedAt: { lt: attemptBefore } }],
          },
        ],
      },
      select: { id: true },
      orderBy: { receivedAt: "asc" },
      take: limit,
    });
    return rows.map((r) => r.id);
  }

  /** When the oldest unfinished event arrived: pending (queued, running, retrying) and parked apart. */
  async oldestUnfinished(): Promise<{ pending: Date | null; parked: Date | null }> {
    const { rows } = await this.sql.query(
      `SELECT min("receivedAt") FILTER (WHERE status <> 'parked') AS pending,
              min("receivedAt") FILTER (WHERE status = 'parked') AS parked
       FROM "InboxEvent" WHERE status IN ('received', 'processing', 'retrying', 'parked')`,
    );
    const row = rows[0] as { pending: Date | string | null; parked: Date | string | null };
    const date = (value: Date | string | null) => (value === null ? null : new Date(value));
    return { pending: date(row.pending), parked: date(row.parked) };
  }

  async get(id: string): Promise<InboxEvent | undefined> {
    const row = await this.prisma.inboxEvent.findUnique({ where: { id } });
    if (!row) return undefined;
    return {
      id: row.id,
      source: row.source,
      eventId: row.eventId,
      type: row.type,
      occurredAt: row.occurredAt ?? undefined,
      payload: row.payload as Record<string, unknown>,
      status: row.status,
      receivedAt: row.receivedAt,
      attempts: row.attempts,
    };
  }

  /**
   * Takes an unfinished event in one statement: `processing` (one more attempt) when its `source:type` is in
   * `handled`, else `ignored`. Undefined when it is finished already. Through the driver: this runs for every
   * event, and Prisma's per-query CPU showed in the order-to-cash benchmark.
   */
  async claim(id: string, handled: readonly string[]): Promise<InboxEvent | undefined> {
    const wanted = `(source::text || ':' || type) = ANY($2::text[])`;
    const { rows } = await this.sql.query(
      `UPDATE "InboxEvent" SET status = (CASE WHEN ${wanted} THEN 'processing' ELSE 'ignored' END)::"InboxStatus",
         attempts = attempts + CASE WHEN ${wanted} THEN 1 ELSE 0 END,
         "attemptedAt" = CASE WHEN ${wanted} THEN now() ELSE "attemptedAt" END,
         "processedAt" = CASE WHEN ${wanted} THEN "processedAt" ELSE now() END
       WHERE id = $1::uuid AND status NOT IN ('processed', 'ignored', 'dead')
       RETURNING id, source, "eventId", type, "occurredAt", payload, status::text AS status,
         "receivedAt", attempts`,
      [id, handled],
    );
    const row = rows[0] as (Omit<InboxEvent, "occurredAt"> & { occurredAt: Date | null }) | undefined;
    if (!row) {
      if (!(await this.get(id))) throw new Error(`inbox event ${id} not found`);
      return undefined;
    }
    return { ...row, occurredAt: row.occurredAt ?? undefined };
  }

  /** An event's handler finished: through the driver, as `claim`. */
  async markProcessed(id: string, sql: SqlRunner = this.sql): Promise<void> {
    await sql.query(
      `UPDATE "InboxEvent" SET status = 'processed'::"InboxStatus", "processedAt" = now() WHERE id = $1::uuid`,
      [id],
    );
  }
}
