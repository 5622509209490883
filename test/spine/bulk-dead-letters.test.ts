import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BulkDeadLetters, type BulkResult } from "../../sidecar/src/dead-letters/bulk-replay.js";
import {
  DeadLetterFilterError,
  type DeadLetterFilterInput,
} from "../../sidecar/src/dead-letters/dead-letter-filter.js";
import { ReplayDeadLetter } from "../../sidecar/src/dead-letters/replay-dead-letter.js";
import type { JobQueue, JobSpec } from "../../sidecar/src/jobs/job-queue.js";
import { backends } from "../support/backends.js";
import { type SeededLetter, seedDeadLetter, snapshotDeadLetters } from "../support/dead-letters.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { waitFor } from "../support/wait-for.js";

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const ids = (result: BulkResult) => result.letters.map((l) => l.id);

describe.each(backends)("bulk replay and discard of dead letters on $name", (backend) => {
  let t: TestSidecar;
  /** How many times the handler ran, per inbox event id. */
  const runs = new Map<string, number>();
  /** Every job enqueued through the recording queue, by id. */
  const enqueued: string[] = [];

  beforeAll(async () => {
    t = await startTestSidecar(
      backend,
      {},
      {
        configure: (s) =>
          s.handlers.on("stripe", "bulk.run", async (event) => {
            runs.set(event.id, (runs.get(event.id) ?? 0) + 1);
          }),
      },
    );
  });
  afterAll(() => t?.close());

  const prisma = () => t.sidecar.db.prisma;
  const recordingQueue = (): JobQueue => {
    const queue = t.sidecar.queue;
    return Object.assign(Object.create(queue) as JobQueue, {
      enqueue: (jobs: JobSpec[]) => {
        enqueued.push(...jobs.map((j) => j.id));
        return queue.enqueue(jobs);
      },
    });
  };
  const bulk = () => new BulkDeadLetters(prisma(), new ReplayDeadLetter(prisma(), recordingQueue()));
  /** Letters of one test only: each test's errors carry a tag of its own, and every filter names it. */
  const tagged = () => {
    const tag = `tag-${randomUUID().slice(0, 8)}`;
    const seed = (letter: Partial<SeededLetter> & { error?: string }) =>
      seedDeadLetter(prisma(), { type: "bulk.run", ...letter, error: `Error: ${tag} ${letter.error ?? "failed"}` });
    const scope = (filter: DeadLetterFilterInput = {}) => ({ errorContains: tag, ...filter });
    return { tag, seed, scope };
  };

  it("filters by status, job, problem code and system, event type, time, error text and ids, oldest first", async () => {
    const { tag, seed, scope } = tagged();
    const a = await seed({
      type: "charge.refunded",
      problem: { code: "mapping_failed", system: "erp" },
      deadAt: hoursAgo(3),
      error: "ERP said 50% _off_",
    });
    const b = await seed({ problem: { code: "transient_exhausted", system: "erp" }, deadAt: hoursAgo(2) });
    const c = await seed({ problem: { code: "transient_exhausted", system: "nop" }, deadAt: hoursAgo(1) });
    const d = await seed({ problem: { code: "transient_exhausted", system: "erp" }, deadAt: hoursAgo(4) });
    await prisma().deadLetter.update({ where: { id: d.id }, data: { status: "replayed" } });
    const e = await seed({ status: "discarded", deadAt: hoursAgo(5) });
    const f = await seed({ deadAt: hoursAgo(0.5) });
    const matching = async (filter: DeadLetterFilterInput) =>
      ids(await bulk().replayMatching(scope(filter), { dryRun: true }));

    expect(await matching({})).toEqual([a.id, b.id, c.id, f.id]); // open by default, in the order they died
    expect(await matching({ status: "any" })).toEqual([e.id, d.id, a.id, b.id, c.id, f.id]);
    expect(await matching({ status: "replayed" })).toEqual([d.id]);
    expect(await matching({ problemCode: "transient_exhausted" })).toEqual([b.id, c.id]);
    expect(await matching({ problemCode: "transient_exhausted", system: "erp" })).toEqual([b.id]);
    expect(await matching({ system: "nop" })).toEqual([c.id]);
    // Automatic replays stop at a cap: a letter replayed that often is left to a person.
    await prisma().deadLetter.update({ where: { id: b.id }, data: { replayCount: 3 } });
    expect(await matching({ problemCode: "transient_exhausted", replayedFewerThan: 3 })).toEqual([c.id]);
    expect(await matching({ problemCode: "transient_exhausted", replayedFewerThan: 4 })).toEqual([b.id, c.id]);
    expect(await matching({ eventType: "charge.refunded" })).toEqual([a.id]);
    expect(await matching({ jobName: "inbox.process" })).toEqual([a.id, b.id, c.id, f.id]);
    expect(await matching({ jobName: "other.job" })).toEqual([]);
    // deadAfter is inclusive, deadBefore exclusive: c, dead exactly at deadBefore, is out.
    expect(await matching({ deadAfter: b.deadAt, deadBefore: c.deadAt })).toEqual([b.id]);
    expect(await matching({ deadAfter: hoursAgo(2.5).toISOString() })).toEqual([b.id, c.id, f.id]);
    // Any case; % and _ are taken literally, not as LIKE's wildcards.
    const exact = await bulk().replayMatching({ errorContains: `${tag} ERP SAID 50% _OFF_` }, { dryRun: true });
    expect(ids(exact)).toEqual([a.id]);
    expect(ids(await bulk().replayMatching({ errorContains: `${tag}%failed` }, { dryRun: true }))).toEqual([]);
    // With ids, every status: each id named gets an answer.
    const named = await bulk().replayMatching({ ids: [a.id, e.id, d.id] }, { dryRun: true });
    expect(named.letters.map((l) => [l.id, l.action, l.reason])).toEqual([
      [e.id, "skip", "discarded"],
      [d.id, "skip", "already replayed"],
      [a.id, "replay", null],
    ]);
    expect(named.letters[2]).toMatchObject({ jobName: "inbox.process", problemCode: "mapping_failed", system: "erp" });
  });

  it("a dry run changes nothing and says per letter what a real run would do", async () => {
    const { seed, scope } = tagged();
    const open = await seed({ problem: { code: "transient_exhausted", system: "erp" } });
    const replaying = await seed({});
    await prisma().deadLetter.update({ where: { id: replaying.id }, data: { status: "replayed" } });
    await prisma().inboxEvent.update({ where: { id: replaying.inboxEventId! }, data: { status: "retrying" } });
    const before = await snapshotDeadLetters(prisma());

    const replay = await bulk().replayMatching(scope({ status: "any" }), { dryRun: true });
    expect(replay).toMatchObject({ dryRun: true, matched: 2, replayed: 1, skipped: 1, failed: 0, discarded: 0 });
    expect(replay.letters.map((l) => [l.id, l.action, l.reason])).toEqual([
      [open.id, "replay", null],
      [replaying.id, "skip", "already replaying"],
    ]);
    const discard = await bulk().discardMatching(scope({ status: "any" }), { dryRun: true, reason: "test" });
    expect(discard).toMatchObject({ dryRun: true, matched: 2, discarded: 1, skipped: 1 });

    expect(await snapshotDeadLetters(prisma())).toEqual(before);
    expect(enqueued).not.toContain(open.jobId);
  });

  it("replays exactly the filtered subset: their jobs are re-enqueued and run once, the others stay dead", async () => {
    const { seed, scope } = tagged();
    const erp = [];
    for (let hour = 5; hour > 2; hour--)
      erp.push(await seed({ problem: { code: "transient_exhausted", system: "erp" }, deadAt: hoursAgo(hour) }));
    const nop = await seed({ problem: { code: "transient_exhausted", system: "nop" } });
    const mapping = await seed({ problem: { code: "mapping_failed", system: "erp" } });

    const result = await bulk().replayMatching(scope({ problemCode: "transient_exhausted", system: "erp" }), {
      dryRun: false,
    });
    expect(result).toMatchObject({ dryRun: false, matched: 3, replayed: 3, skipped: 0, failed: 0 });
    expect(ids(result)).toEqual(erp.map((l) => l.id));
    for (const letter of erp)
      await waitFor(async () => (await t.sidecar.inbox.get(letter.inboxEventId!))?.status === "processed");
    expect(erp.map((l) => runs.get(l.inboxEventId!))).toEqual([1, 1, 1]);
    const after = await prisma().deadLetter.findMany({ where: { id: { in: ids(result) } } });
    expect(after.map((l) => [l.status, l.replayCount])).toEqual(erp.map(() => ["replayed", 1]));

    for (const other of [nop, mapping]) {
      expect(runs.has(other.inboxEventId!)).toBe(false);
      expect((await t.sidecar.inbox.get(other.inboxEventId!))?.status).toBe("dead");
      expect((await prisma().deadLetter.findUniqueOrThrow({ where: { id: other.id } })).status).toBe("open");
    }
    // Nothing open matches any more: running it again replays nothing.
    const again = await bulk().replayMatching(scope({ problemCode: "transient_exhausted", system: "erp" }), {
      dryRun: false,
    });
    expect(again).toMatchObject({ matched: 0, replayed: 0 });
  });

  it("two bulk replays at once replay each letter once", async () => {
    const { seed, scope } = tagged();
    const letters = [];
    for (let i = 0; i < 12; i++) letters.push(await seed({ problem: { code: "transient_exhausted", system: "erp" } }));

    const [first, second] = await Promise.all([
      bulk().replayMatching(scope(), { dryRun: false }),
      bulk().replayMatching(scope(), { dryRun: false }),
    ]);
    expect(first.replayed + second.replayed).toBe(12);
    expect(first.failed + second.failed).toBe(0);
    for (const skip of [...first.letters, ...second.letters].filter((l) => l.action === "skip"))
      expect(skip.reason).toMatch(/^already replay(ing|ed)$/);
    for (const letter of letters) expect(enqueued.filter((id) => id === letter.jobId)).toHaveLength(1);

    for (const letter of letters)
      await waitFor(async () => (await t.sidecar.inbox.get(letter.inboxEventId!))?.status === "processed");
    expect(letters.map((l) => runs.get(l.inboxEventId!))).toEqual(letters.map(() => 1));
    const stored = await prisma().deadLetter.findMany({ where: { id: { in: letters.map((l) => l.id) } } });
    expect(stored.map((l) => l.replayCount)).toEqual(letters.map(() => 1));
  });

  it("discards only open letters, keeps them, and never replays a discarded one", async () => {
    const { seed, scope } = tagged();
    const [x, y] = [await seed({}), await seed({})];
    const replayed = await seed({});
    await prisma().deadLetter.update({ where: { id: replayed.id }, data: { status: "replayed" } });

    const result = await bulk().discardMatching(scope({ status: "any" }), {
      dryRun: false,
      reason: "refunded by hand",
    });
    expect(result).toMatchObject({ dryRun: false, matched: 3, discarded: 2, skipped: 1 });
    expect(result.letters.find((l) => l.id === replayed.id)).toMatchObject({
      action: "skip",
      reason: "not open (replayed)",
    });
    const stored = await prisma().deadLetter.findMany({ where: { id: { in: [x.id, y.id] } } });
    expect(stored.map((l) => l.status)).toEqual(["discarded", "discarded"]);

    const replay = await bulk().replayMatching(scope({ status: "any" }), { dryRun: false });
    expect(replay).toMatchObject({ replayed: 0, skipped: 3 });
    expect(enqueued).not.toContain(x.jobId);
    expect((await t.sidecar.inbox.get(x.inboxEventId!))?.status).toBe("dead");
  });

  it("handles at most `limit` letters, the oldest, and says how many match in all", async () => {
    const { seed, scope } = tagged();
    const letters = [await seed({ deadAt: hoursAgo(3) }), await seed({ deadAt: hoursAgo(2) }), await seed({})];
    const result = await bulk().replayMatching(scope(), { dryRun: true, limit: 2 });
    expect(result).toMatchObject({ matched: 3, replayed: 2 });
    expect(ids(result)).toEqual([letters[0]!.id, letters[1]!.id]);
  });

  it("refuses a bad filter, limit or reason, naming what is wrong, and changes nothing", async () => {
    const { seed, scope } = tagged();
    await seed({});
    const before = await snapshotDeadLetters(prisma());
    const refusal = (run: Promise<unknown>) =>
      run.then(
        () => "accepted",
        (err: Error) => err,
      );
    const refusals: [Promise<unknown>, RegExp][] = [
      [bulk().replayMatching(scope({ status: "closed" as "open" }), { dryRun: false }), /^status Invalid option/],
      [bulk().replayMatching({ ids: ["not-a-uuid"] }, { dryRun: false }), /^ids\.0 must be UUIDs$/],
      [bulk().replayMatching({ ids: [] }, { dryRun: false }), /^ids must name at least one id$/],
      [
        bulk().replayMatching(scope({ deadAfter: hoursAgo(1), deadBefore: hoursAgo(2) }), { dryRun: false }),
        /^deadBefore must be later than deadAfter$/,
      ],
      [bulk().replayMatching(scope({ deadAfter: "yesterday" }), { dryRun: false }), /^deadAfter must be a date/],
      [bulk().replayMatching(scope({ jobName: " " }), { dryRun: false }), /^jobName must not be empty$/],
      [bulk().replayMatching(scope({ system: "erp\u0000" }), { dryRun: false }), /control characters/],
      [
        bulk().replayMatching({ ...scope(), problem: "x" } as DeadLetterFilterInput, { dryRun: false }),
        /Unrecognized key/,
      ],
      [bulk().replayMatching(scope(), { dryRun: false, limit: 0 }), /^limit must be at least 1$/],
      [bulk().replayMatching(scope(), { dryRun: false, limit: 5001 }), /^limit must be at most 5000$/],
      [bulk().replayMatching(scope(), { dryRun: false, limit: 1.5 }), /^limit must be a whole number$/],
      [bulk().discardMatching(scope(), { dryRun: false, reason: "  " }), /^reason must say why$/],
    ];
    for (const [run, message] of refusals) {
      const err = await refusal(run);
      expect(err).toBeInstanceOf(DeadLetterFilterError);
      expect((err as Error).message).toMatch(message);
    }
    expect(await snapshotDeadLetters(prisma())).toEqual(before);
  });
});
