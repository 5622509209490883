// GraphQL hardening on every backend: depth, alias, token and cost limits refuse with HTTP 400 before anything
// runs; introspection follows GRAPHQL_INTROSPECTION; cross-site-sendable requests (GET, text/plain, forms)
// need the CSRF header; a body over GRAPHQL_MAX_BODY_BYTES is refused with 413. The queries the product and
// its tests use pass.
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphqlLimits } from "../../graphql/hardening.js";
import { loadConfig } from "../../sidecar/src/config.js";
import { bearer } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { everyField, graphqlPost, send } from "./hardening-support.js";

/** Every field of an order and of everything below it (the product's own queries ask for less). */
const orderFields = everyField("Order");

/** `levels` inline fragments around one field: valid GraphQL, each level one deeper. */
const nested = (type: string, levels: number, inner: string): string =>
  levels === 0 ? inner : `... on ${type} { ${nested(type, levels - 1, inner)} }`;

const replay = (id: string) => `replayDeadLetter(id: "${id}") { replayed message }`;

describe.each(backends)("GraphQL hardening on $name", (backend) => {
  let t: TestSidecar;
  let closed: TestSidecar;
  let closedToken: string;
  const post = (payload: { query: string; variables?: Record<string, unknown> }, headers = {}) =>
    graphqlPost(t.url, t.adminToken, payload, headers);

  beforeAll(async () => {
    // Workers off: a replayed dead letter stays queued, so "was the mutation executed" is visible in its row.
    [t, closed] = await Promise.all([
      startTestSidecar(backend, {}, { workers: false }),
      startTestSidecar(backend, { GRAPHQL_INTROSPECTION: "false" }, { workers: false }),
    ]);
    closedToken = closed.adminToken;
  });
  afterAll(async () => {
    await Promise.all([t?.close(), closed?.close()]);
  });

  /** A dead letter that only a mutation that actually ran would move out of "open". */
  async function openDeadLetter() {
    const letter = await t.sidecar.db.prisma.deadLetter.create({
      data: { jobId: `job-${crypto.randomUUID()}`, jobName: "hardening-test", data: {}, error: "x", attempts: [] },
    });
    return {
      id: letter.id,
      state: async () => {
        const row = await t.sidecar.db.prisma.deadLetter.findUniqueOrThrow({ where: { id: letter.id } });
        return { status: row.status, replayCount: row.replayCount };
      },
    };
  }
  const untouched = { status: "open", replayCount: 0 };

  describe("the queries in use stay within the limits", () => {
    it("answers the product's queries, every field of 200 orders in one page included", async () => {
      const queries = [
        `{ queueHealth { backend waiting active delayed openDeadLetters unfinishedEvents oldestUnfinishedAt } }`,
        `{ inboxEvents(first: 200, source: stripe) { edges { node { ${everyField("InboxEvent")} } }
            pageInfo { hasNextPage endCursor } } }`,
        `{ deadLetters(first: 200, status: open) { edges { node { ${everyField("DeadLetter")} } } } }`,
        `{ orders(first: 200) { edges { cursor node { ${orderFields} } } pageInfo { ${everyField("PageInfo")} } } }`,
        `{ order(nopOrderId: 1) { ${orderFields} } }`,
        getIntrospectionQuery(),
      ];
      for (const query of queries) {
        const answer = await post({ query });
        expect(answer.body.errors, query.slice(0, 60)).toBeUndefined();
        expect(answer.status).toBe(200);
      }
      const paged = await post({
        query: `query($first: Int) { orders(first: $first) { edges { node { ${orderFields} } } } }`,
        variables: { first: 200 },
      });
      expect(paged.status).toBe(200);
      expect(paged.body.data.orders.edges).toEqual([]);
    });
  });

  describe("document limits refuse with 400 and run nothing", () => {
    it("refuses a query nested deeper than GRAPHQL_MAX_DEPTH (8)", async () => {
      const answer = await post({ query: `{ queueHealth { ${nested("QueueHealth", 8, "backend")} } }` });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toBe("Query depth limit of 8 exceeded, found 10.");
      expect(answer.body.errors[0].extensions.code).toBe("DEPTH_LIMIT");
      expect(answer.body.data).toBeUndefined();
      // Seven levels of the same fragments fit.
      const within = await post({ query: `{ queueHealth { ${nested("QueueHealth", 6, "backend")} } }` });
      expect(within.status).toBe(200);
      expect(within.body.data.queueHealth.backend).toBeTypeOf("string");
    });

    it("does not run a mutation that is too deep", async () => {
      const letter = await openDeadLetter();
      const answer = await post({
        query: `mutation { replayDeadLetter(id: "${letter.id}") { ${nested("ReplayDeadLetterPayload", 8, "replayed")} } }`,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions.code).toBe("DEPTH_LIMIT");
      expect(await letter.state()).toEqual(untouched);
    });

    it("refuses more than GRAPHQL_MAX_ALIASES (15) aliases, and runs none of the aliased mutations", async () => {
      const letter = await openDeadLetter();
      const aliased = Array.from({ length: 16 }, (_, i) => `a${i}: ${replay(letter.id)}`).join(" ");
      const answer = await post({ query: `mutation { ${aliased} }` });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toBe("Aliases limit of 15 exceeded, found 16.");
      expect(answer.body.errors[0].extensions.code).toBe("ALIAS_LIMIT");
      expect(await letter.state()).toEqual(untouched);

      const fifteen = Array.from({ length: 15 }, (_, i) => `q${i}: queueHealth { backend }`).join(" ");
      expect((await post({ query: `{ ${fifteen} }` })).status).toBe(200);
    });

    it("counts aliases of __typename like any other", async () => {
      const aliased = (n: number, field: string) =>
        Array.from({ length: n }, (_, i) => `${field.slice(0, 1)}${i}: ${field}`).join(" ");
      const typenames = (n: number) => aliased(n, "__typename");
      const answer = await post({ query: `{ ${typenames(300)} }` });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0]).toMatchObject({
        message: "Aliases limit of 15 exceeded, found 300.",
        extensions: { code: "ALIAS_LIMIT" },
      });
      const mixed = await post({ query: `{ ${typenames(8)} ${aliased(8, "queueHealth { backend }")} }` });
      expect(mixed.body.errors[0].message).toBe("Aliases limit of 15 exceeded, found 16.");
      expect((await post({ query: `{ ${typenames(15)} }` })).status).toBe(200);
    });

    it("refuses a document of more than GRAPHQL_MAX_TOKENS (2000) tokens before parsing it", async () => {
      const answer = await post({ query: `{ ${"__typename ".repeat(2001)}}` });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0]).toMatchObject({
        message: "Document has more than 2000 tokens",
        extensions: { code: "TOKEN_LIMIT" },
      });
      expect((await post({ query: `{ ${"__typename ".repeat(1990)}}` })).status).toBe(200);
    });

    it("counts each connection's rows, from literals and from variables, against GRAPHQL_MAX_COST (50000)", async () => {
      const pages = (first: string) =>
        ["a", "b", "c", "d"].map((alias) => `${alias}: orders(first: ${first}) { edges { node { ${orderFields} } } }`);
      const literal = await post({ query: `{ ${pages("200").join(" ")} }` });
      expect(literal.status).toBe(400);
      expect(literal.body.errors[0].extensions.code).toBe("COST_LIMIT");
      expect(literal.body.errors[0].message).toMatch(
        /^Query cost \d+ exceeds the limit of 50000: ask for fewer rows \(first\) or fewer fields$/,
      );

      // The page size hidden in a variable costs the same as written out.
      const fromVariables = `query($first: Int) { ${pages("$first").join(" ")} }`;
      const viaVariables = await post({ query: fromVariables, variables: { first: 200 } });
      expect(viaVariables.status).toBe(400);
      expect(viaVariables.body.errors[0].message).toBe(literal.body.errors[0].message);
      const small = await post({ query: fromVariables, variables: { first: 20 } });
      expect(small.status).toBe(200);
      expect(small.body.data.a.edges).toEqual([]);

      // Without `first` a page is the server's default of 50 rows, and is costed so: one such page of every
      // order field (its refunds, disputes, risk review and payout lines included) costs 9951, so six cost 59706 and
      // five 49755.
      const pagesOf50 = (n: number, args: string) =>
        Array.from({ length: n }, (_, i) => `p${i}: orders${args} { edges { node { ${orderFields} } } }`).join(" ");
      const implicit = await post({ query: `{ ${pagesOf50(6, "")} }` });
      expect(implicit.status).toBe(400);
      expect(implicit.body.errors[0].message).toMatch(/^Query cost 59706 exceeds the limit of 50000/);
      expect((await post({ query: `{ ${pagesOf50(6, "(first: 50)")} }` })).body).toEqual(implicit.body);
      expect((await post({ query: `{ ${pagesOf50(5, "")} }` })).status).toBe(200);
    });

    it("refuses a variable of the wrong type with the executor's reason, without the value; unmeasured queries never run", async () => {
      const answer = await post({
        query: "query($first: Int) { orders(first: $first) { edges { node { id } } } }",
        variables: { first: "many" },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toBe(
        'Variable "$first" got an invalid value: Int cannot represent non-integer value',
      );
    });
  });

  describe("introspection", () => {
    it("is on outside production by default, off in production unless GRAPHQL_INTROSPECTION=true", () => {
      expect(graphqlLimits(loadConfig({ NODE_ENV: "test" })).introspection).toBe(true);
      expect(graphqlLimits(loadConfig({ NODE_ENV: "production" })).introspection).toBe(false);
      expect(graphqlLimits(loadConfig({ NODE_ENV: "production", GRAPHQL_INTROSPECTION: "true" })).introspection).toBe(
        true,
      );
    });

    it("answers __schema and __type when on", async () => {
      const answer = await post({ query: `{ __schema { queryType { name } } __type(name: "Order") { name } }` });
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ __schema: { queryType: { name: "Query" } }, __type: { name: "Order" } });
    });

    it("refuses __schema and __type with 400 when GRAPHQL_INTROSPECTION=false, and stops suggesting field names", async () => {
      for (const query of [getIntrospectionQuery(), `{ __type(name: "Order") { fields { name } } }`]) {
        const answer = await graphqlPost(closed.url, closedToken, { query });
        expect(answer.status).toBe(400);
        expect(answer.body.errors[0].extensions.code).toBe("INTROSPECTION_DISABLED");
        expect(answer.body.errors[0].message).toMatch(/^GraphQL introspection is disabled; "__(schema|type)"/);
        expect(answer.body.data).toBeUndefined();
      }
      const typename = await graphqlPost(closed.url, closedToken, { query: "{ queueHealth { __typename } }" });
      expect(typename.body).toEqual({ data: { queueHealth: { __typename: "QueueHealth" } } });

      const typo = "{ queueHealt { backend } }";
      expect(JSON.stringify((await post({ query: typo })).body.errors)).toContain("Did you mean");
      const masked = await graphqlPost(closed.url, closedToken, { query: typo });
      expect(masked.body.errors[0].message).toMatch(/^Cannot query field "queueHealt" on type "Query"\./);
      expect(JSON.stringify(masked.body.errors)).not.toContain("queueHealth");
    });
  });

  describe("CSRF: requests a page on another site could send need the preflight-forcing header", () => {
    const endpoint = () => `${t.url}/graphql`;

    it("refuses text/plain, form and multipart POSTs with 403 and runs nothing", async () => {
      const letter = await openDeadLetter();
      const mutation = JSON.stringify({ query: `mutation { ${replay(letter.id)} }` });
      const form = new FormData();
      form.set("operations", mutation);
      const attempts: [string | undefined, BodyInit][] = [
        ["text/plain", mutation],
        ["application/x-www-form-urlencoded", `query=${encodeURIComponent(`mutation { ${replay(letter.id)} }`)}`],
        [undefined, form], // fetch sets multipart/form-data with its boundary
      ];
      for (const [contentType, body] of attempts) {
        const headers: Record<string, string> = { ...bearer(t.adminToken) };
        if (contentType) headers["content-type"] = contentType;
        const answer = await send(endpoint(), { method: "POST", headers, body });
        expect(answer.status, String(contentType)).toBe(403);
        expect(answer.body.errors[0].message).toBe("Required CSRF header(s) not present");
      }
      expect(await letter.state()).toEqual(untouched);
    });

    it("refuses a GET without the header (403) and a GET mutation even with it (405)", async () => {
      const letter = await openDeadLetter();
      const get = (query: string, headers: Record<string, string> = {}) =>
        send(`${endpoint()}?query=${encodeURIComponent(query)}`, { headers: { ...bearer(t.adminToken), ...headers } });
      expect((await get(`mutation { ${replay(letter.id)} }`)).status).toBe(403);
      const withHeader = await get(`mutation { ${replay(letter.id)} }`, { "x-graphql-yoga-csrf": "1" });
      expect(withHeader.status).toBe(405);
      expect(withHeader.body.errors[0].message).toBe("Can only perform a mutation operation from a POST request.");
      expect(await letter.state()).toEqual(untouched);

      expect((await get("{ queueHealth { backend } }")).status).toBe(403);
      const query = await get("{ queueHealth { backend } }", { "x-graphql-yoga-csrf": "1" });
      expect(query.status).toBe(200);
      expect(query.body.data.queueHealth.backend).toBeTypeOf("string");
    });

    it("serves GraphiQL, and accepts its JSON POSTs as they are sent (no extra header)", async () => {
      const page = await send(endpoint(), { headers: { accept: "text/html" } });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(String(page.body)).toContain("<title>nop-stripe-sidecar</title>");

      const letter = await openDeadLetter();
      const answer = await post(
        { query: `mutation { ${replay(letter.id)} }` },
        { accept: "application/graphql-response+json, application/json, multipart/mixed" },
      );
      expect(answer.status).toBe(200);
      expect(answer.body.data.replayDeadLetter).toEqual({ replayed: true, message: "queued for replay" });
      expect(await letter.state()).toEqual({ status: "replayed", replayCount: 1 });
    });
  });

  describe("body size", () => {
    it("refuses a body over GRAPHQL_MAX_BODY_BYTES (100 KiB) with 413 and runs nothing; a smaller one passes", async () => {
      const letter = await openDeadLetter();
      const body = (padding: number) =>
        JSON.stringify({ query: `mutation { ${replay(letter.id)} }`, variables: { padding: "x".repeat(padding) } });
      const over = body(100 * 1024);
      expect(Buffer.byteLength(over)).toBeGreaterThan(100 * 1024);
      const headers = { "content-type": "application/json", ...bearer(t.adminToken) };
      const answer = await send(`${t.url}/graphql`, { method: "POST", headers, body: over });
      expect(answer.status).toBe(413);
      expect(answer.body).toEqual({
        errors: [{ message: "request body larger than 102400 bytes", extensions: { code: "PAYLOAD_TOO_LARGE" } }],
      });
      expect(await letter.state()).toEqual(untouched);

      const under = await send(`${t.url}/graphql`, { method: "POST", headers, body: body(90 * 1024) });
      expect(under.status).toBe(200);
      expect(under.body.data.replayDeadLetter.replayed).toBe(true);
    });
  });
});
