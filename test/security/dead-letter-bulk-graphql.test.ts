import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BulkResult } from "../../sidecar/src/dead-letters/bulk-replay.js";
import type { DeadLetter } from "../../sidecar/src/generated/prisma/client.js";
import { createTestToken, graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { seedDeadLetter, snapshotDeadLetters } from "../support/dead-letters.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";

const replay = `mutation($filter: DeadLetterFilter!, $dryRun: Boolean, $limit: Int) {
  replayDeadLetters(filter: $filter, dryRun: $dryRun, limit: $limit) {
    dryRun matched replayed discarded skipped failed
    letters { id jobName problemCode system deadAt action reason } } }`;
const discard = `mutation($filter: DeadLetterFilter!, $dryRun: Boolean, $reason: String!) {
  discardDeadLetters(filter: $filter, dryRun: $dryRun, reason: $reason) {
    dryRun matched discarded skipped letters { id action reason } } }`;
const list = `query($filter: DeadLetterFilter, $status: DeadLetterStatus, $first: Int, $after: String) {
  deadLetters(filter: $filter, status: $status, first: $first, after: $after) {
    edges { node { id status } } pageInfo { hasNextPage endCursor } } }`;

interface Outcome {
  id: string;
  action: string;
  reason: string | null;
}
/** BulkResult as JSON carries it: the letters' fields asked for, deadAt as text. */
type BulkPayload = Omit<BulkResult, "letters"> & { letters: Outcome[] };
interface Listed {
  deadLetters: { edges: { node: { id: string; status: string } }[]; pageInfo: { endCursor: string | null } };
}

describe.each(backends)("dead letters by filter through GraphQL on $name", (backend) => {
  let t: TestSidecar;
  let finance: string;
  let reviewer: string;
  const system = `erp-${randomUUID().slice(0, 8)}`;
  const letters: DeadLetter[] = [];
  const filter = { problemCode: "transient_exhausted", system };

  beforeAll(async () => {
    t = await startTestSidecar(backend, {}, { workers: false });
    finance = await createTestToken(t.sidecar, "finance", { name: "finance clerk" });
    reviewer = await createTestToken(t.sidecar, "reviewer", { name: "reviewer" });
    for (let hour = 3; hour > 0; hour--)
      letters.push(
        await seedDeadLetter(t.sidecar.db.prisma, {
          type: "charge.succeeded",
          problem: { code: "transient_exhausted", system },
          deadAt: new Date(Date.now() - hour * 3_600_000),
        }),
      );
    await seedDeadLetter(t.sidecar.db.prisma, {
      type: "charge.succeeded",
      problem: { code: "mapping_failed", system },
    });
  });
  afterAll(() => t?.close());

  const auditOf = (action: string) =>
    t.sidecar.db.prisma.auditEntry.findMany({ where: { action }, orderBy: { id: "asc" } });

  it("lists by filter, newest first, page by page; a status given twice is refused", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: { body: { data?: Listed | null } } = await graphqlAs<Listed>(t.url, finance, list, {
        filter,
        first: 2,
        after,
      });
      seen.push(...res.body.data!.deadLetters.edges.map((e) => e.node.id));
      after = res.body.data!.deadLetters.pageInfo.endCursor;
      if (res.body.data!.deadLetters.edges.length < 2) break;
    } while (after);
    expect(seen).toEqual(letters.map((l) => l.id).reverse());

    const twice = await graphqlAs(t.url, finance, list, { filter: { ...filter, status: "open" }, status: "open" });
    expect(twice.body.errors?.[0]).toMatchObject({
      message: "status is given twice: use filter.status alone",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("refuses bulk replay and discard to every role but admin, changes nothing and audits the refusal", async () => {
    const before = await snapshotDeadLetters(t.sidecar.db.prisma);
    for (const token of [finance, reviewer]) {
      const replayed = await graphqlAs(t.url, token, replay, { filter, dryRun: false });
      expect(replayed.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const discarded = await graphqlAs(t.url, token, discard, { filter, dryRun: false, reason: "no" });
      expect(discarded.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect(await snapshotDeadLetters(t.sidecar.db.prisma)).toEqual(before);
    const refused = await auditOf("graphql:replayDeadLetters");
    expect(refused.map((e) => [e.actorName, e.outcome])).toEqual([
      ["finance clerk", "error"],
      ["reviewer", "error"],
    ]);
  });

  it("is a dry run unless told otherwise, then replays oldest first; both runs audited with their filter", async () => {
    const before = await snapshotDeadLetters(t.sidecar.db.prisma);
    const dry = await graphqlAs<{ replayDeadLetters: BulkPayload }>(t.url, t.adminToken, replay, { filter });
    expect(dry.body.data!.replayDeadLetters).toMatchObject({ dryRun: true, matched: 3, replayed: 3, skipped: 0 });
    expect(dry.body.data!.replayDeadLetters.letters[0]).toMatchObject({
      id: letters[0]!.id,
      jobName: "inbox.process",
      problemCode: "transient_exhausted",
      system,
      deadAt: letters[0]!.deadAt.toISOString(),
      action: "replay",
      reason: null,
    });
    expect(await snapshotDeadLetters(t.sidecar.db.prisma)).toEqual(before);

    const real = await graphqlAs<{ replayDeadLetters: BulkPayload }>(t.url, t.adminToken, replay, {
      filter,
      dryRun: false,
      limit: 2,
    });
    expect(real.body.data!.replayDeadLetters).toMatchObject({ dryRun: false, matched: 3, replayed: 2, failed: 0 });
    expect(real.body.data!.replayDeadLetters.letters.map((l) => l.id)).toEqual([letters[0]!.id, letters[1]!.id]);
    const stored = await t.sidecar.db.prisma.deadLetter.findMany({ where: { id: { in: letters.map((l) => l.id) } } });
    expect(stored.filter((l) => l.status === "replayed").map((l) => l.id)).toEqual(
      expect.arrayContaining([letters[0]!.id, letters[1]!.id]),
    );
    expect(stored.filter((l) => l.status === "open").map((l) => l.id)).toEqual([letters[2]!.id]);

    const audited = (await auditOf("graphql:replayDeadLetters")).filter((e) => e.outcome === "ok");
    expect(audited.map((e) => e.detail)).toEqual([
      { args: { filter, dryRun: true } },
      { args: { filter, dryRun: false, limit: 2 } },
    ]);
  });

  it("discards the open ones with a reason the audit log keeps", async () => {
    const result = await graphqlAs<{ discardDeadLetters: BulkPayload }>(t.url, t.adminToken, discard, {
      filter: { system, status: "any" },
      dryRun: false,
      reason: "ERP order entered by hand",
    });
    expect(result.body.data!.discardDeadLetters).toMatchObject({ dryRun: false, matched: 4, discarded: 2, skipped: 2 });
    expect(result.body.data!.discardDeadLetters.letters.filter((l) => l.action === "skip")).toEqual([
      { id: letters[0]!.id, action: "skip", reason: "not open (replayed)" },
      { id: letters[1]!.id, action: "skip", reason: "not open (replayed)" },
    ]);
    const entry = (await auditOf("graphql:discardDeadLetters")).find((e) => e.outcome === "ok");
    expect(entry?.detail).toEqual({
      args: { filter: { system, status: "any" }, dryRun: false, reason: "ERP order entered by hand" },
    });
  });

  it("refuses a bad filter or limit with BAD_USER_INPUT naming the field, and changes nothing", async () => {
    const before = await snapshotDeadLetters(t.sidecar.db.prisma);
    const refusals: [Record<string, unknown>, string][] = [
      [{ filter: { ids: ["x"] }, dryRun: false }, "ids.0 must be UUIDs"],
      [
        { filter: { deadAfter: "2026-12-02T00:00:00Z", deadBefore: "2026-12-01T00:00:00Z" }, dryRun: false },
        "deadBefore must be later than deadAfter",
      ],
      [{ filter, dryRun: false, limit: 5001 }, "limit must be at most 5000"],
      [{ filter: { jobName: "" }, dryRun: false }, "jobName must not be empty"],
    ];
    for (const [variables, message] of refusals) {
      const res = await graphqlAs(t.url, t.adminToken, replay, variables);
      expect(res.body.errors?.[0]).toMatchObject({ message, extensions: { code: "BAD_USER_INPUT" } });
    }
    expect(await snapshotDeadLetters(t.sidecar.db.prisma)).toEqual(before);
  });
});
