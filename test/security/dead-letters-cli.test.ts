import { userInfo } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../sidecar/src/config.js";
import { type Database, openDatabase } from "../../sidecar/src/db/database.js";
import type { DeadLetter } from "../../sidecar/src/generated/prisma/client.js";
import { backends, type Isolated } from "../support/backends.js";
import { seedDeadLetter, snapshotDeadLetters } from "../support/dead-letters.js";
import { runSidecar } from "../support/spawn-sidecar.js";
import { startTestSidecar } from "../support/test-sidecar.js";
import { waitFor } from "../support/wait-for.js";
import { newMasterKey } from "./vault-harness.js";

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

// Each command is a fresh Node process, as an operator runs it: slow on a busy machine, hence the timeout. On the
// embedded backend the commands and the test open the same database folder in turn.
describe.each(backends)("sidecar dead-letters list, replay and discard on $name", { timeout: 240_000 }, (backend) => {
  let isolated: Isolated;
  let env: Record<string, string | undefined>;
  let erp: DeadLetter[];
  let nop: DeadLetter;
  let mapping: DeadLetter;
  const run = (...args: string[]) => runSidecar(["dead-letters", ...args], env);
  const erpFilter = ["--code", "transient_exhausted", "--system", "erp"];

  async function inDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
    const config = { ...loadConfig({ NODE_ENV: "test" }), ...isolated.overrides };
    const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    isolated = await backend.isolate({ persistent: true });
    const o = isolated.overrides;
    env = {
      NODE_ENV: "test",
      DATA_DIR: o.DATA_DIR,
      DATABASE_URL: o.DATABASE_URL,
      REDIS_URL: o.REDIS_URL,
      QUEUE_NAME: o.QUEUE_NAME,
      VAULT_MASTER_KEY: newMasterKey(),
    };
    await inDatabase(async ({ prisma }) => {
      const transient = (system: string) => ({ code: "transient_exhausted", system });
      erp = [];
      for (const hours of [3, 2, 1])
        erp.push(
          await seedDeadLetter(prisma, { type: "order.paid", problem: transient("erp"), deadAt: hoursAgo(hours) }),
        );
      nop = await seedDeadLetter(prisma, { type: "order.paid", problem: transient("nop") });
      mapping = await seedDeadLetter(prisma, {
        type: "charge.refunded",
        problem: { code: "mapping_failed", system: "erp" },
        error: "PermanentError: mapping: field order.currency is missing",
      });
    });
  });
  afterAll(() => isolated?.cleanup());

  it("list prints the matching letters oldest first as a table, or as JSON with --json", async () => {
    const table = await run("list", ...erpFilter);
    expect(table).toMatchObject({ code: 0, stderr: "" });
    const lines = table.stdout.trim().split("\n");
    expect(lines[0]).toBe("id  deadAt  status  jobName  code  system  eventType  error");
    expect(lines.slice(1, -1).map((l) => l.split("  ")[0])).toEqual(erp.map((l) => l.id));
    expect(lines[1]).toContain("open  inbox.process  transient_exhausted  erp  order.paid  Error: something failed");
    expect(lines.at(-1)).toBe("3 matching");

    const json = await run("list", "--event-type", "charge.refunded", "--since", "90m", "--json");
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { matched: number; letters: { id: string; eventType: string }[] };
    expect(parsed).toMatchObject({ matched: 1, letters: [{ id: mapping.id, eventType: "charge.refunded" }] });
  });

  it("replay --dry-run changes nothing; replay re-enqueues exactly the filtered letters, and their jobs run", async () => {
    const before = await inDatabase(({ prisma }) => snapshotDeadLetters(prisma));
    const dry = await run("replay", ...erpFilter, "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`${erp[0]!.id}  ${erp[0]!.deadAt.toISOString()}  replay  inbox.process`);
    expect(dry.stdout.trim().split("\n").at(-1)).toBe(
      "dry run, nothing changed: 3 of 3 matching; 3 would be replayed, 0 skipped",
    );
    expect(await inDatabase(({ prisma }) => snapshotDeadLetters(prisma))).toEqual(before);

    const two = await run("replay", ...erpFilter, "--limit", "2");
    expect(two.stdout.trim().split("\n").at(-1)).toBe("2 of 3 matching: 2 replayed, 0 skipped, 0 failed");
    const rest = await run("replay", ...erpFilter, "--json");
    expect(JSON.parse(rest.stdout)).toMatchObject({
      dryRun: false,
      matched: 1,
      replayed: 1,
      letters: [{ id: erp[2]!.id }],
    });

    // The jobs wait in the queue until a worker runs: start one on the same database and queue.
    const ran = new Set<string>();
    const worker = await startTestSidecar(
      backend,
      {},
      { shareWith: isolated, configure: (s) => s.handlers.on("stripe", "order.paid", async (e) => void ran.add(e.id)) },
    );
    try {
      for (const letter of erp)
        await waitFor(async () => (await worker.sidecar.inbox.get(letter.inboxEventId!))?.status === "processed");
      expect(ran).toEqual(new Set(erp.map((l) => l.inboxEventId)));
      expect((await worker.sidecar.inbox.get(nop.inboxEventId!))?.status).toBe("dead");
    } finally {
      await worker.close();
    }
  });

  it("discard needs a reason, and marks only the open matching letters discarded", async () => {
    const missing = await run("discard", "--code", "mapping_failed");
    expect(missing).toMatchObject({ code: 1, stdout: "", stderr: "sidecar: --reason must say why\n" });
    const discarded = await run("discard", "--code", "mapping_failed", "--reason", "currency mapped by hand");
    expect(discarded.code).toBe(0);
    expect(discarded.stdout).toContain(`${mapping.id}  ${mapping.deadAt.toISOString()}  discard`);
    const statuses = await inDatabase(({ prisma }) =>
      prisma.deadLetter.findMany({ where: { id: { in: [mapping.id, nop.id] } }, select: { id: true, status: true } }),
    );
    expect(new Map(statuses.map((s) => [s.id, s.status]))).toEqual(
      new Map([
        [mapping.id, "discarded"],
        [nop.id, "open"],
      ]),
    );
  });

  it("refuses a mistyped option (exit 2, not audited) and a bad value (exit 1, audited), changing nothing", async () => {
    const before = await inDatabase(({ prisma }) => snapshotDeadLetters(prisma));
    const typo = await run("replay", "--systems", "erp");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^sidecar: unknown option --systems for "dead-letters replay"/);
    const bad = await run("replay", "--since", "yesterday", "--limit", "9999");
    expect(bad).toMatchObject({ code: 1, stdout: "" });
    expect(bad.stderr).toBe(
      "sidecar: --since must be a date, such as 2026-12-01T00:00:00Z; --limit must be at most 5000\n",
    );
    expect(await inDatabase(({ prisma }) => snapshotDeadLetters(prisma))).toEqual(before);

    const audit = await inDatabase(({ prisma }) => prisma.auditEntry.findMany({ orderBy: { id: "asc" } }));
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ["cli:dead-letters list", "ok"],
      ["cli:dead-letters list", "ok"],
      ["cli:dead-letters replay", "ok"],
      ["cli:dead-letters replay", "ok"],
      ["cli:dead-letters replay", "ok"],
      ["cli:dead-letters discard", "error"],
      ["cli:dead-letters discard", "ok"],
      ["cli:dead-letters replay", "error"],
    ]);
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set([`cli:${userInfo().username}`]));
    expect(audit[3]?.detail).toMatchObject({
      filter: { problemCode: "transient_exhausted", system: "erp" },
      limit: 2,
      replayed: 2,
      ids: [erp[0]!.id, erp[1]!.id],
    });
    expect(audit[6]?.detail).toMatchObject({ reason: "currency mapped by hand", discarded: 1 });
  });
});
