import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../graphql/schema.js";
import type { ApiRole } from "../../sidecar/src/generated/prisma/enums.js";
import { createTestToken, graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";

const guid = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const missingId = "00000000-0000-4000-8000-999999999999";

type Caller = "admin" | "finance" | "reviewer" | "read_only" | "finance@store1";

/** One operation per field or mutation, and who may use it (README, Access). */
const matrix: { field: string; query: string; allowed: Caller[] }[] = [
  {
    field: "order",
    query: `{ order(guid: "${guid(1)}") { id } }`,
    allowed: ["admin", "finance", "reviewer", "read_only", "finance@store1"],
  },
  {
    field: "orders",
    query: "{ orders(first: 5) { edges { node { id } } } }",
    allowed: ["admin", "finance", "reviewer", "read_only", "finance@store1"],
  },
  {
    field: "nopOrder",
    query: `{ order(guid: "${guid(1)}") { nopOrder } }`,
    allowed: ["admin", "finance", "reviewer", "finance@store1"],
  },
  {
    field: "queueHealth",
    query: "{ queueHealth { backend } }",
    allowed: ["admin", "finance", "reviewer", "read_only"],
  },
  { field: "inboxEvents", query: "{ inboxEvents(first: 1) { edges { node { id } } } }", allowed: ["admin", "finance"] },
  { field: "inboxEvent", query: `{ inboxEvent(id: "${missingId}") { id } }`, allowed: ["admin", "finance"] },
  { field: "deadLetters", query: "{ deadLetters(first: 1) { edges { node { id } } } }", allowed: ["admin", "finance"] },
  {
    field: "replayDeadLetter",
    query: `mutation { replayDeadLetter(id: "${missingId}") { replayed } }`,
    allowed: ["admin"],
  },
  {
    field: "replayDeadLetters",
    query: `mutation { replayDeadLetters(filter: { ids: ["${missingId}"] }) { matched } }`,
    allowed: ["admin"],
  },
  {
    field: "discardDeadLetters",
    query: `mutation { discardDeadLetters(filter: { ids: ["${missingId}"] }, reason: "matrix") { matched } }`,
    allowed: ["admin"],
  },
  { field: "auditEntries", query: "{ auditEntries(first: 1) { edges { node { id } } } }", allowed: ["admin"] },
  { field: "apiTokens", query: "{ apiTokens { id } }", allowed: ["admin"] },
  {
    field: "createApiToken",
    query: `mutation { createApiToken(name: "matrix", role: read_only) { token } }`,
    allowed: ["admin"],
  },
  { field: "revokeApiToken", query: `mutation { revokeApiToken(id: "${missingId}") { id } }`, allowed: ["admin"] },
  {
    field: "resolveReconciliationException",
    query: `mutation { resolveReconciliationException(id: "payout:no_order:txn_x", resolution: RESYNC) { id } }`,
    allowed: ["admin", "finance"],
  },
  { field: "backfillPayouts", query: "mutation { backfillPayouts }", allowed: ["admin"] },
];
const callers: Caller[] = ["admin", "finance", "reviewer", "read_only", "finance@store1"];

describe("the schema", () => {
  it("declares who may use every root field (a field without authScopes would be open to any token)", () => {
    const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((type) => Object.values(type!.getFields()));
    const open = roots.filter(
      (f) => !(f.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes,
    );
    expect(open.map((f) => f.name)).toEqual([]);
    expect(roots.length).toBeGreaterThanOrEqual(matrix.length);
    for (const name of ["InboxEvent", "DeadLetter", "AuditEntry", "ApiToken", "Order"]) {
      const type = schema.getType(name);
      const options = type?.extensions.pothosOptions as { authScopes?: unknown } | undefined;
      expect(options?.authScopes, name).toBeTruthy();
    }
  });
});

describe.each(backends)("roles and stores on $name", (backend) => {
  let t: TestSidecar;
  const tokens = {} as Record<Caller, string>;
  beforeAll(async () => {
    t = await startTestSidecar(backend, {}, { workers: false });
    for (const role of ["admin", "finance", "reviewer", "read_only"] as ApiRole[])
      tokens[role] = await createTestToken(t.sidecar, role);
    tokens["finance@store1"] = await createTestToken(t.sidecar, "finance", { storeIds: [1] });
    for (const [n, storeId] of [
      [1, 1],
      [2, 2],
      [3, null],
    ] as const)
      await t.sidecar.db.prisma.orderToCashOrder.create({
        data: {
          orderGuid: guid(n),
          nopOrderId: 100 + n,
          storeId,
          paymentIntentId: `pi_store_${n}`,
          nopOrder: { orderTotal: "10.00", billingAddress: { email: `customer${n}@example.com` } },
        },
      });
  });
  afterAll(() => t?.close());

  const cases = matrix.flatMap((m) => callers.map((caller) => ({ ...m, caller, allowed: m.allowed.includes(caller) })));

  it.each(cases)("$field as $caller: allowed $allowed", async ({ field, query, caller, allowed }) => {
    const { status, body } = await graphqlAs(t.url, tokens[caller], query);
    expect(status).toBe(200);
    const forbidden = (body.errors ?? []).filter((e) => e.extensions?.code === "FORBIDDEN");
    if (allowed) {
      expect(forbidden).toEqual([]);
      expect("data" in body).toBe(true); // executed (revoking an unknown id answers NOT_FOUND)
    } else {
      expect(forbidden.length).toBeGreaterThan(0);
      expect(forbidden[0]?.message).toContain(field);
      // No data for the refused field, whatever its nullability.
      const data = body.data as Record<string, unknown> | null | undefined;
      const value = field === "nopOrder" ? (data?.order as { nopOrder?: unknown } | null)?.nopOrder : data?.[field];
      expect(value ?? null).toBeNull();
    }
  });

  it("a store-limited token finds its stores' orders only, by every key, and lists only those", async () => {
    const finance1 = tokens["finance@store1"];
    for (const n of [1, 2, 3]) {
      for (const args of [`guid: "${guid(n)}"`, `nopOrderId: ${100 + n}`, `paymentIntentId: "pi_store_${n}"`]) {
        const { body } = await graphqlAs<{ order: { storeId: number } | null }>(
          t.url,
          finance1,
          `{ order(${args}) { storeId } }`,
        );
        expect(body.errors).toBeUndefined();
        expect(body.data?.order).toEqual(n === 1 ? { storeId: 1 } : null);
      }
    }
    const listed = await graphqlAs<{ orders: { edges: { node: { storeId: number | null } }[] } }>(
      t.url,
      finance1,
      "{ orders(first: 50) { edges { node { storeId } } } }",
    );
    expect(listed.body.data?.orders.edges.map((e) => e.node.storeId)).toEqual([1]);
    const all = await graphqlAs<{ orders: { edges: unknown[] } }>(
      t.url,
      tokens.read_only,
      "{ orders(first: 50) { edges { node { id } } } }",
    );
    expect(all.body.data?.orders.edges).toHaveLength(3);
  });

  it("a refusal names the store limit when the role would do, and the role when it would not", async () => {
    const reviewerAtStore1 = await createTestToken(t.sidecar, "reviewer", { storeIds: [1] });
    const reasonFor = async (token: string, query: string) =>
      (await graphqlAs(t.url, token, query)).body.errors?.map((e) => e.message);
    const storeLimit = "with a store-limited token: it covers every store";
    expect(await reasonFor(tokens["finance@store1"], "{ queueHealth { backend } }")).toEqual([
      `not allowed to use Query.queueHealth ${storeLimit}`,
    ]);
    expect(await reasonFor(tokens["finance@store1"], "{ inboxEvents { edges { node { id } } } }")).toEqual([
      `not allowed to use Query.inboxEvents ${storeLimit}`,
    ]);
    expect(await reasonFor(reviewerAtStore1, "{ inboxEvents { edges { node { id } } } }")).toEqual([
      "not allowed to use Query.inboxEvents with this token's role",
    ]);
    expect(await reasonFor(tokens.reviewer, "{ inboxEvents { edges { node { id } } } }")).toEqual([
      "not allowed to use Query.inboxEvents with this token's role",
    ]);
  });

  it("a refused field next to allowed ones: the allowed data comes back, the refused field has none", async () => {
    const { body } = await graphqlAs<{ queueHealth: unknown; apiTokens: unknown }>(
      t.url,
      tokens.reviewer,
      "{ queueHealth { backend } apiTokens { id prefix } }",
    );
    expect(body.data).toBeNull(); // apiTokens is non-null: the refusal nulls the whole answer, never partial tokens
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
  });
});
