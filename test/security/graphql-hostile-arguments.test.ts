// Hostile GraphQL arguments on every backend: cursors the API did not issue, ids that are not UUIDs, strings
// with NUL or unpaired surrogates, dates and numbers at the edges. Each is a client error (BAD_USER_INPUT naming
// the argument) and none reaches the database; no error message repeats a value the client sent; nothing is
// logged as unexpected.
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { locatedError } from "graphql";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskUnexpectedErrors } from "../../graphql/mask-errors.js";
import { redactedPaths } from "../../sidecar/src/logger.js";
import { bearer, createTestToken, graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { type Answer, send } from "./hardening-support.js";
import { startVaultSidecar, type VaultSidecar } from "./vault-harness.js";

const leak = "sk-LEAKTEST-AAAA1111";

/** A cursor with the shape the API writes, holding what a forger chose. */
const forged = (iso: string, id: string) => Buffer.from(`${iso}|${id}`).toString("base64url");
const someTime = "2026-11-27T10:00:00.000Z";

describe.each(backends)("hostile GraphQL arguments on $name", (backend) => {
  let t: VaultSidecar;
  let admin: string;
  const logs: string[] = [];

  beforeAll(async () => {
    const capture = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: "trace", redact: { paths: redactedPaths, censor: "[redacted]" } }, capture);
    t = await startVaultSidecar(backend, { logger });
    admin = await createTestToken(t.sidecar, "admin");
  });
  afterAll(() => t?.close());

  const ask = (query: string, variables: Record<string, unknown> = {}) => graphqlAs(t.url, admin, query, variables);

  /** The answer is one BAD_USER_INPUT error with this message, and no data beyond nulls. */
  async function expectRefused(query: string, variables: Record<string, unknown>, message: string) {
    const answer = await ask(query, variables);
    expect(answer.body.errors, query).toEqual([
      expect.objectContaining({ message, extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }),
    ]);
    return answer;
  }

  describe("cursors", () => {
    const connections = {
      orders: "orders(first: 5, after: $after) { edges { cursor node { id } } }",
      auditEntries: "auditEntries(first: 5, after: $after) { edges { cursor node { id } } }",
      inboxEvents: "inboxEvents(first: 5, after: $after) { edges { cursor node { id } } }",
      deadLetters: "deadLetters(first: 5, after: $after) { edges { cursor node { id } } }",
    };
    const notIssued = "after is not a cursor this API issued";

    it("refuses a cursor it did not issue, on every connection, as BAD_USER_INPUT", async () => {
      const everywhere = ["!!garbage!!", forged(someTime, "a\u0000b"), forged("+275760-09-13T00:00:00.000Z", "1")];
      const byConnection: Record<keyof typeof connections, string[]> = {
        orders: everywhere,
        auditEntries: [...everywhere, forged(someTime, "99999999999999999999"), forged(someTime, "not-a-number")],
        inboxEvents: [...everywhere, forged(someTime, "not-a-uuid")],
        deadLetters: [...everywhere, forged(someTime, "not-a-uuid")],
      };
      for (const [name, selection] of Object.entries(connections)) {
        const query = `query($after: String) { ${selection} }`;
        for (const after of byConnection[name as keyof typeof connections])
          await expectRefused(query, { after }, notIssued);
        // The same refusal for the literal the reviewer sent.
        await expectRefused(`{ ${selection.replace("$after", '"!!garbage!!"')} }`, {}, notIssued);
      }
    });

    it("pages on with the cursors it issues", async () => {
      for (const name of ["first", "second"])
        await ask(`mutation($name: String!) { createApiToken(name: $name, role: read_only) { token } }`, { name });
      type Page = { edges: { node: { id: string } }[]; pageInfo: { endCursor: string } };
      const page = async (after?: string) =>
        (
          await graphqlAs<{ auditEntries: Page }>(
            t.url,
            admin,
            "query($after: String) { auditEntries(first: 1, after: $after) { edges { node { id } } pageInfo { endCursor } } }",
            after ? { after } : {},
          )
        ).body.data!.auditEntries;
      const first = await page();
      const second = await page(first.pageInfo.endCursor);
      expect(second.edges).toHaveLength(1);
      expect(Number(second.edges[0]!.node.id)).toBeLessThan(Number(first.edges[0]!.node.id));
    });
  });

  it("refuses an id that is not a UUID where ids are UUIDs; a missing UUID is answered as before", async () => {
    const uuidOnly = [
      "mutation($id: ID!) { replayDeadLetter(id: $id) { replayed message } }",
      "mutation($id: ID!) { expireSecret(id: $id) { id } }",
      "query($id: ID!) { inboxEvent(id: $id) { id } }",
    ];
    for (const query of uuidOnly) {
      await expectRefused(query, { id: "x" }, "id must be a UUID");
      await expectRefused(query, { id: 42 }, "id must be a UUID");
    }
    const missing = "5d2f8a61-0000-4000-8000-000000000000";
    expect((await ask(uuidOnly[0]!, { id: missing })).body.data).toEqual({
      replayDeadLetter: { replayed: false, message: `no dead letter ${missing}` },
    });
    expect((await ask(uuidOnly[1]!, { id: missing })).body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await ask(uuidOnly[2]!, { id: missing })).body).toEqual({ data: { inboxEvent: null } });
  });

  it("refuses NUL, other control characters and unpaired surrogates in any string argument; nothing runs", async () => {
    const secretsBefore = await t.sidecar.db.prisma.vaultSecret.count();
    const auditBefore = await t.sidecar.db.prisma.auditEntry.count();
    await expectRefused(
      `mutation { rotateSecret(kind: llm_api_key, scope: "open\\u0000ai", secret: "${leak}") { secret { id } } }`,
      {},
      "scope must not contain control characters",
    );
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'mutation($scope: String) { rotateSecret(kind: llm_api_key, scope: $scope, secret: "sk-x") { secret { id } } }',
        { scope: "open\u0000ai" },
        "scope must not contain control characters",
      ],
      [
        "mutation($name: String!) { createApiToken(name: $name, role: read_only) { token } }",
        { name: "a\ud800b" },
        "name must be well-formed Unicode (no unpaired surrogates)",
      ],
      [
        "mutation($id: ID!) { revokeApiToken(id: $id) { id } }",
        { id: "nss_\u0000" },
        "id must not contain control characters",
      ],
      [
        "query($s: [String!]) { orders(paymentIntentStatus: $s) { edges { cursor } } }",
        { s: ["succeeded", "x\u0000"] },
        "paymentIntentStatus must not contain control characters",
      ],
      [
        "query($a: String) { auditEntries(actor: $a) { edges { cursor } } }",
        { a: "\u001b[31mred" },
        "actor must not contain control characters",
      ],
      [
        "query($g: String) { order(guid: $g) { id } }",
        { g: "\udfff\ud800" },
        "guid must be well-formed Unicode (no unpaired surrogates)",
      ],
      ["query($s: String) { secrets(scope: $s) { id } }", { s: "\u0000" }, "scope must not contain control characters"],
    ];
    for (const [query, variables, message] of cases) await expectRefused(query, variables, message);
    expect(await t.sidecar.db.prisma.vaultSecret.count()).toBe(secretsBefore);
    expect(await t.sidecar.db.prisma.auditEntry.count()).toBe(auditBefore);
  });

  it("refuses dates outside the years 1 to 9999, from variables and literals", async () => {
    const message = "DateTime must be an ISO 8601 string, of a year from 1 to 9999";
    await expectRefused(
      "query($since: DateTime) { auditEntries(since: $since) { edges { cursor } } }",
      { since: "+275760-09-13T00:00:00.000Z" },
      `Variable "$since" got an invalid value: ${message}`,
    );
    await expectRefused('{ orders(createdAfter: "-000001-01-01T00:00:00Z") { edges { cursor } } }', {}, message);
    await expectRefused("{ inboxEvents(receivedAfter: 1700000000000) { edges { cursor } } }", {}, message);
    const edge = await ask(
      '{ auditEntries(since: "0001-01-01T00:00:00Z", until: "9999-12-31T23:59:59.999Z") { edges { cursor } } }',
    );
    expect(edge.body.errors).toBeUndefined();
  });

  it("answers the extreme 32-bit integers without an error", async () => {
    const answer = await ask(`{
      a: orders(first: 2147483647, mismatch: true, mismatchAfterMinutes: 2147483647) { edges { cursor } }
      b: orders(first: 0, mismatch: false, mismatchAfterMinutes: -2147483648) { edges { cursor } }
      c: order(nopOrderId: -2147483648) { id }
      d: inboxEvents(first: 0) { edges { cursor } }
    }`);
    expect(answer.body.errors).toBeUndefined();
  });

  it("refuses a backward page (last, before) rather than answering it with a forward one", async () => {
    await expectRefused(
      "{ inboxEvents(last: 2) { edges { cursor } } }",
      {},
      "last is not supported: page forward with first and after",
    );
    const { body } = await ask("{ orders(first: 1) { pageInfo { endCursor } } }");
    const cursor = (body.data as { orders: { pageInfo: { endCursor: string | null } } }).orders.pageInfo.endCursor;
    await expectRefused(
      `{ orders(before: ${JSON.stringify(cursor ?? "x")}) { edges { cursor } } }`,
      {},
      "before is not supported: page forward with first and after",
    );
  });

  describe("page sizes", () => {
    it("answers first: 0 with an empty page and refuses a negative first, the same on every connection", async () => {
      // At least one row in each connection, so a page that ignored `first` would show it.
      const { prisma } = t.sidecar.db;
      const eventId = `evt_page_${randomUUID()}`;
      await prisma.inboxEvent.create({ data: { source: "stripe", eventId, type: "page.test", payload: {} } });
      await prisma.deadLetter.create({
        data: { jobId: eventId, jobName: "page.test", data: {}, error: "e", attempts: [] },
      });
      await prisma.orderToCashOrder.create({ data: { orderGuid: randomUUID() } });
      await ask(`mutation { createApiToken(name: "page sizes", role: read_only) { token } }`);
      for (const name of ["orders", "inboxEvents", "deadLetters", "auditEntries"]) {
        const empty = await ask(`{ ${name}(first: 0) { edges { node { id } } pageInfo { hasNextPage } } }`);
        expect(empty.body.errors, name).toBeUndefined();
        expect(empty.body.data?.[name], name).toEqual({ edges: [], pageInfo: { hasNextPage: true } });
        for (const first of [-1, -5])
          await expectRefused(
            `{ ${name}(first: ${first}) { edges { node { id } } } }`,
            {},
            "first must not be negative",
          );
      }
    });
  });

  describe("error messages never repeat a value the client sent", () => {
    const rotate = (secret: string) =>
      `mutation { rotateSecret(kind: llm_api_key, scope: "openai", secret: ${secret}) { secret { id } } }`;

    it("names the variable or argument and the type, not the value", async () => {
      const answers = [
        await expectRefused(
          'mutation($s: String!) { rotateSecret(kind: llm_api_key, scope: "openai", secret: $s) { secret { id } } }',
          { s: [leak] },
          'Variable "$s" got an invalid value: String cannot represent a non string value',
        ),
        await ask(rotate("424242424242")),
        await ask(rotate(`{ value: "${leak}" }`)),
        await ask(`mutation { rotateSecret(kind: ${leak.replaceAll("-", "_")}, secret: "x") { secret { id } } }`),
        await ask(`query($k: SecretKind) { secrets(kind: $k) { id } }`, { k: leak }),
        await ask(`{ orders(first: "${leak}") { edges { cursor } } }`),
        await ask(`{ secrets(scope: "openai") "${leak}" }`),
      ];
      expect(answers[1]!.body.errors?.[0]?.message).toBe("String cannot represent a non string value");
      for (const answer of answers) {
        expect(answer.body.errors?.length).toBeGreaterThan(0);
        const text = JSON.stringify(answer.body);
        expect(text).not.toContain("LEAKTEST");
        expect(text).not.toContain("424242424242");
      }
    });

    it("does not repeat an id or prefix that matched no token (it may be a pasted token)", async () => {
      const answer = await ask("mutation($id: ID!) { revokeApiToken(id: $id) { id } }", { id: `nss_${leak}` });
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ message: "no token with that id or prefix", extensions: { code: "NOT_FOUND" } }),
      ]);
      const errors = await t.sidecar.db.prisma.auditEntry.findMany({ select: { error: true } });
      expect(JSON.stringify(errors)).not.toContain("LEAKTEST");
    });
  });

  it("answers a value the database refuses as data with BAD_USER_INPUT, a safety net behind the checks", async () => {
    const prisma = t.sidecar.db.prisma;
    const refused = [
      await prisma.inboxEvent.findUnique({ where: { id: "x" } }).catch((err: unknown) => err),
      await prisma.$queryRaw`SELECT ${"a\u0000b"}::text`.catch((err: unknown) => err),
      await prisma.$queryRaw`SELECT ${"x"}::uuid`.catch((err: unknown) => err),
    ];
    for (const err of refused) {
      expect(err).toBeInstanceOf(Error);
      const masked = maskUnexpectedErrors(locatedError(err, undefined, ["field"]), "Unexpected error.");
      expect(masked).toMatchObject({ message: "invalid argument", extensions: { code: "BAD_USER_INPUT" } });
    }
    const other = maskUnexpectedErrors(locatedError(new Error("connection lost"), undefined), "Unexpected error.");
    expect(other).toMatchObject({ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR" } });
  });

  describe("requests Yoga cannot parse", () => {
    const csrf = { "x-graphql-yoga-csrf": "1" };
    const get = (parameters: string) =>
      send(`${t.url}/graphql?query=%7B__typename%7D&${parameters}`, { headers: { ...bearer(admin), ...csrf } });
    /** Under each NODE_ENV Yoga's masking tells apart (development adds originalError), with the log lines written. */
    async function inEachMode(check: (mode: string) => Promise<void>) {
      const before = process.env.NODE_ENV;
      try {
        for (const mode of ["production", "development"]) {
          process.env.NODE_ENV = mode;
          await check(mode);
        }
      } finally {
        process.env.NODE_ENV = before;
      }
    }
    /** One BAD_REQUEST error with this message, nothing of the value in the answer or in a log line since `from`. */
    function expectBadRequest(answer: Answer, message: string, from: number, label: string) {
      expect(answer.status, label).toBe(400);
      expect(answer.body.errors, label).toEqual([{ message, extensions: { code: "BAD_REQUEST" } }]);
      expect(JSON.stringify(answer.body), label).not.toContain("LEAKTEST");
      const lines = logs.slice(from);
      expect(lines.join(""), label).not.toContain("LEAKTEST");
      expect(
        lines.map((line) => JSON.parse(line).level as number).filter((level) => level >= 50),
        label,
      ).toEqual([]);
    }

    it("refuses GET variables or extensions that are not JSON with 400, naming the parameter and not the value", async () => {
      await inEachMode(async (mode) => {
        const cases: [string, string][] = [
          [`variables=${leak}`, "variables must be a JSON object"],
          ["variables=%7B", "variables must be a JSON object"],
          [`variables=%7B%22s%22%3A%22${leak}%22%2C%7D`, "variables must be a JSON object"],
          [`extensions=${leak}`, "extensions must be a JSON object"],
          ["extensions=%7B", "extensions must be a JSON object"],
        ];
        for (const [parameters, message] of cases) {
          const from = logs.length;
          expectBadRequest(await get(parameters), message, from, `${mode}: ${parameters}`);
        }
        // Parseable but not an object: Yoga's own refusal, still 400.
        expect((await get("variables=1")).status).toBe(400);
        const fine = await get("variables=%7B%7D&extensions=%7B%7D");
        expect(fine.status).toBe(200);
        expect(fine.body).toEqual({ data: { __typename: "Query" } });
      });
    });

    it("refuses a form POST whose variables are not JSON the same way", async () => {
      await inEachMode(async (mode) => {
        const from = logs.length;
        const answer = await send(`${t.url}/graphql`, {
          method: "POST",
          headers: { ...bearer(admin), ...csrf, "content-type": "application/x-www-form-urlencoded" },
          body: `query=%7B__typename%7D&variables=${leak}`,
        });
        expectBadRequest(answer, "variables must be a JSON object", from, mode);
      });
    });

    it("refuses a JSON body with a syntax error without quoting any of it", async () => {
      await inEachMode(async (mode) => {
        for (const body of [
          `{"query":"mutation($s: String!) { x }","variables":{"s":"${leak}"},}`,
          `{"query":"{ __typename }","variables":{"s":"${leak}`,
          leak,
        ]) {
          const from = logs.length;
          const answer = await send(`${t.url}/graphql`, {
            method: "POST",
            headers: { ...bearer(admin), "content-type": "application/json" },
            body,
          });
          expectBadRequest(answer, "the request body is not valid JSON", from, `${mode}: ${body}`);
        }
      });
    });
  });

  describe("one mutation per request", () => {
    const limited = [
      {
        message: "a request runs one mutation: send each in its own request",
        extensions: { code: "MUTATION_LIMIT" },
      },
    ];
    const created = async () => ({
      tokens: await t.sidecar.db.prisma.apiToken.count(),
      audited: await t.sidecar.db.prisma.auditEntry.count(),
    });

    it("refuses a mutation operation with more than one root field with 400 before anything runs or is audited", async () => {
      const documents = [
        `mutation { a: createApiToken(name: "m1", role: read_only) { token }
          b: createApiToken(name: "m2", role: admin, storeIds: [3]) { token } }`,
        `mutation { createApiToken(name: "m1", role: read_only) { token } revokeApiToken(id: "nss_x") { id } }`,
        `mutation { ...A ...B } fragment A on Mutation { a: createApiToken(name: "m1", role: read_only) { token } }
          fragment B on Mutation { b: createApiToken(name: "m2", role: read_only) { token } }`,
        `mutation { a: createApiToken(name: "m1", role: read_only) { token }
          ... on Mutation { ... on Mutation { b: createApiToken(name: "m2", role: read_only) { token } } } }`,
        `mutation { __typename a: createApiToken(name: "m1", role: read_only) { token }
          b: createApiToken(name: "m2", role: read_only) { token } __typename }`,
      ];
      for (const query of documents) {
        const before = await created();
        const answer = await send(`${t.url}/graphql`, {
          method: "POST",
          headers: { ...bearer(admin), "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ query }),
        });
        expect(answer.status, query).toBe(400);
        expect(answer.body.errors, query).toEqual(limited);
        expect(answer.body.data, query).toBeUndefined();
        expect(await created(), query).toEqual(before);
      }
    });

    it("runs one mutation, with __typename beside it or the same field twice under one name", async () => {
      const one = await ask(
        `mutation { __typename a: createApiToken(name: "one", role: read_only) { token } ...F }
         fragment F on Mutation { a: createApiToken(name: "one", role: read_only) { token } __typename }`,
      );
      expect(one.body.errors).toBeUndefined();
      expect(one.body.data).toMatchObject({ __typename: "Mutation", a: { token: expect.any(String) } });
      expect(await t.sidecar.db.prisma.apiToken.count({ where: { name: "one" } })).toBe(1);
    });
  });

  it("logged nothing as unexpected and no value sent above", () => {
    const entries = logs.map((line) => JSON.parse(line) as { level: number; component?: string });
    expect(entries.filter((e) => e.component === "graphql" && e.level >= 50)).toEqual([]);
    expect(logs.join("")).not.toContain("LEAKTEST");
  });
});
