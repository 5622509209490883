import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { pino } from "pino";
import { Registry } from "prom-client";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../sidecar/src/config.js";
import type { InboxStatus } from "../../sidecar/src/generated/prisma/client.js";
import { createPruner } from "../../sidecar/src/retention/create-pruner.js";
import type { PruneReport } from "../../sidecar/src/retention/pruner.js";
import { backends } from "../support/backends.js";
import { stripeEvent, stripeSignature } from "../support/signing.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { waitFor } from "../support/wait-for.js";

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
/** Rows pruned (or due, in a dry run) per table. */
const prunedRows = (report: PruneReport) =>
  report.skipped ? {} : Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));

describe.each(backends)("retention on $name", (backend) => {
  let t: TestSidecar;
  beforeAll(async () => {
    // The sidecar's own pruner keeps everything: each test runs the pruner it describes.
    t = await startTestSidecar(backend, {
      RETENTION_INBOX: "off",
      RETENTION_JOB_FAILURES: "off",
      RETENTION_DEAD_LETTERS: "off",
      RETENTION_AUDIT: "off",
    });
  });
  afterAll(() => t?.close());

  const prisma = () => t.sidecar.db.prisma;
  beforeEach(async () => {
    await prisma().inboxEvent.deleteMany();
    await prisma().deadLetter.deleteMany();
    await prisma().jobFailure.deleteMany();
    await prisma().auditEntry.deleteMany();
  });

  const prunerWith = (settings: Record<string, string> = {}) =>
    createPruner(
      loadConfig({ NODE_ENV: "test", ...settings }),
      t.sidecar.db,
      new Registry(),
      pino({ level: "silent" }),
    );

  const inboxEvent = async (status: InboxStatus, receivedAt: Date, signedBody?: Uint8Array<ArrayBuffer>) => {
    const eventId = `evt_${randomBytes(8).toString("hex")}`;
    const row = await prisma().inboxEvent.create({
      data: {
        source: "stripe",
        eventId,
        type: "payment_intent.created",
        status,
        payload: { id: eventId },
        receivedAt,
        signedBody,
      },
    });
    return row.id;
  };
  const deadLetter = (status: "open" | "replayed" | "discarded", deadAt: Date, inboxEventId?: string) =>
    prisma().deadLetter.create({
      data: {
        jobId: randomUUID(),
        jobName: "inbox",
        data: {},
        error: "boom",
        attempts: [],
        status,
        deadAt,
        inboxEventId,
      },
    });
  const inboxIds = async () => new Set((await prisma().inboxEvent.findMany({ select: { id: true } })).map((r) => r.id));

  it("prunes each table's rows older than its retention and keeps the younger ones", async () => {
    const oldEvent = await inboxEvent("processed", daysAgo(31));
    const youngEvent = await inboxEvent("ignored", daysAgo(29));
    await prisma().jobFailure.createMany({
      data: [15, 13].map((days) => ({
        jobId: `job-${days}`,
        jobName: "inbox",
        attempt: 1,
        error: "x",
        failedAt: daysAgo(days),
      })),
    });
    const oldReplayed = await deadLetter("replayed", daysAgo(91));
    const oldDiscarded = await deadLetter("discarded", daysAgo(91));
    const youngReplayed = await deadLetter("replayed", daysAgo(89));
    const oldOpen = await deadLetter("open", daysAgo(500));
    await prisma().auditEntry.createMany({
      data: [401, 399].map((days) => ({
        actor: "system",
        actorName: "t",
        action: `a${days}`,
        origin: "h",
        outcome: "ok",
        at: daysAgo(days),
      })),
    });

    const report = await prunerWith().run();

    expect(report).toMatchObject({
      skipped: false,
      tables: [
        { table: "inbox", rows: 1 },
        { table: "job_failures", rows: 1 },
        { table: "dead_letters", rows: 2 },
        { table: "audit", rows: 1 },
      ],
    });
    expect(await inboxIds()).toEqual(new Set([youngEvent]));
    expect(await inboxIds()).not.toContain(oldEvent);
    expect((await prisma().jobFailure.findMany()).map((f) => f.jobId)).toEqual(["job-13"]);
    const letters = new Set((await prisma().deadLetter.findMany()).map((d) => d.id));
    expect(letters).toEqual(new Set([youngReplayed.id, oldOpen.id]));
    expect(letters).not.toContain(oldReplayed.id);
    expect(letters).not.toContain(oldDiscarded.id);
    expect((await prisma().auditEntry.findMany()).map((a) => a.action)).toEqual(["a399"]);
  });

  it("never prunes an unfinished event, nor a dead one an open dead letter still refers to", async () => {
    const ancient = daysAgo(3000);
    const kept = [
      await inboxEvent("received", ancient),
      await inboxEvent("processing", ancient),
      await inboxEvent("retrying", ancient),
      await inboxEvent("dead", ancient),
    ];
    await deadLetter("open", ancient, kept[3]);
    const deadDiscarded = await inboxEvent("dead", ancient);
    await deadLetter("discarded", daysAgo(1), deadDiscarded);
    const deadWithoutLetter = await inboxEvent("dead", ancient);

    const report = await prunerWith({ RETENTION_DEAD_LETTERS: "off" }).run();

    expect(report).toMatchObject({
      tables: [{ table: "inbox", rows: 2 }, { table: "job_failures" }, { table: "audit" }],
    });
    expect(await inboxIds()).toEqual(new Set(kept));
    expect(await inboxIds()).not.toContain(deadDiscarded);
    expect(await inboxIds()).not.toContain(deadWithoutLetter);
  });

  it("keeps an event for DEDUP_WINDOW even when RETENTION_INBOX is shorter: a redelivery is still a duplicate", async () => {
    const event = stripeEvent({ type: "payment_intent.created" }); // no handler: stored, then ignored
    const body = JSON.stringify(event);
    const deliver = () =>
      request(t.url)
        .post("/webhooks/stripe")
        .set("content-type", "application/json")
        .set("stripe-signature", stripeSignature(body))
        .send(body);
    const first = await deliver();
    expect(first.body).toMatchObject({ received: true, duplicate: false });
    await waitFor(async () => (await t.sidecar.inbox.get(first.body.inboxId))?.status === "ignored");

    const pruner = prunerWith({ RETENTION_INBOX: "1m", DEDUP_WINDOW: "4d" });
    // Three days and a bit later, when Stripe's last retry may come: still stored.
    expect(prunedRows(await pruner.run({ now: Date.now() + 3.5 * DAY })).inbox).toBe(0);
    expect((await deliver()).body).toEqual({ received: true, duplicate: true, inboxId: first.body.inboxId });

    // Past the window it goes, and only then could a redelivery be taken for a new event.
    expect(prunedRows(await pruner.run({ now: Date.now() + 4.1 * DAY })).inbox).toBe(1);
    expect(await prisma().inboxEvent.count({ where: { eventId: event.id } })).toBe(0);
  });

  it("exports exactly the pruned rows as gzip NDJSON, signed bodies in base64, before deleting them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "prune-export-"));
    try {
      const signed = new Map<string, Buffer>();
      for (let i = 0; i < 5; i++) {
        const bytes = randomBytes(64);
        signed.set(await inboxEvent("processed", daysAgo(40 + i), bytes), bytes);
      }
      const young = await inboxEvent("processed", daysAgo(1));
      const report = await prunerWith({ PRUNE_EXPORT_DIR: dir, PRUNE_BATCH: "2" }).run();
      expect(report).toMatchObject({ tables: expect.arrayContaining([{ table: "inbox", rows: 5, exported: 5 }]) });

      const files = await readdir(dir);
      expect(files).toEqual([`inbox-${new Date().toISOString().slice(0, 10)}.ndjson.gz`]);
      // Three batches of at most two: three gzip members, read back as one stream.
      const lines = gunzipSync(await readFile(join(dir, files[0]!)))
        .toString("utf8")
        .trimEnd()
        .split("\n");
      const rows = lines.map((line) => JSON.parse(line));
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(signed.keys()));
      expect(rows).toHaveLength(5);
      for (const row of rows) {
        expect(Buffer.from(row.signedBody, "base64")).toEqual(signed.get(row.id));
        expect(row).toMatchObject({ source: "stripe", status: "processed", payload: { id: row.eventId } });
        expect(new Date(row.receivedAt).getTime()).toBeLessThan(daysAgo(39).getTime());
      }
      expect(await inboxIds()).toEqual(new Set([young]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("dry run reports what is due and deletes nothing", async () => {
    await inboxEvent("processed", daysAgo(50));
    await inboxEvent("processed", daysAgo(45));
    await inboxEvent("received", daysAgo(50));
    await deadLetter("discarded", daysAgo(100));

    const dry = await prunerWith().run({ dryRun: true });

    expect(dry).toMatchObject({
      skipped: false,
      dryRun: true,
      tables: [
        { table: "inbox", rows: 2 },
        { table: "job_failures", rows: 0, oldest: null },
        { table: "dead_letters", rows: 1 },
        { table: "audit", rows: 0 },
      ],
    });
    if (dry.skipped) throw new Error("unreachable");
    expect(dry.tables[0]?.oldest?.getTime()).toBeLessThan(daysAgo(49).getTime());
    expect(await prisma().inboxEvent.count()).toBe(3);
    expect(await prisma().deadLetter.count()).toBe(1);
    expect(await prunerWith().run()).toMatchObject({ tables: [{ rows: 2 }, { rows: 0 }, { rows: 1 }, { rows: 0 }] });
  });

  it("skips its turn while another pruner runs", async () => {
    await inboxEvent("processed", daysAgo(50));
    const inner = await t.sidecar.db.exclusive.tryRun("sidecar:retention-pruner", () => prunerWith().run());
    expect(inner).toEqual({ ran: true, value: { skipped: true } });
    expect(await prisma().inboxEvent.count()).toBe(1);
  });

  it("prunes while webhooks are ingested, and every delivery is acknowledged and stored", async () => {
    const old = daysAgo(60);
    await prisma().inboxEvent.createMany({
      data: Array.from({ length: 3000 }, (_, i) => ({
        source: "stripe",
        eventId: `evt_old_${i}`,
        type: "payment_intent.created",
        status: "processed" as const,
        payload: {},
        receivedAt: old,
      })),
    });
    const events = Array.from({ length: 200 }, () => stripeEvent({ type: "payment_intent.created" }));
    const deliveries = (async () => {
      const answers = [];
      for (let i = 0; i < events.length; i += 20)
        answers.push(
          ...(await Promise.all(
            events.slice(i, i + 20).map((e) => {
              const body = JSON.stringify(e);
              return request(t.url)
                .post("/webhooks/stripe")
                .set("content-type", "application/json")
                .set("stripe-signature", stripeSignature(body))
                .send(body);
            }),
          )),
        );
      return answers;
    })();
    const [report, answers] = await Promise.all([prunerWith({ PRUNE_BATCH: "100" }).run(), deliveries]);

    expect(answers.map((a) => a.status)).toEqual(events.map(() => 200));
    expect(report).toMatchObject({ tables: [{ table: "inbox", rows: 3000 }, {}, {}, {}] });
    const stored = await prisma().inboxEvent.count({ where: { eventId: { in: events.map((e) => e.id) } } });
    expect(stored).toBe(200);
    expect(await prisma().inboxEvent.count()).toBe(200);
  });
});
