// The execution time limit, tested on the module with a schema of its own (deliberately slow resolvers have no
// place in the product's schema): the request ends with a TIMEOUT error, resolvers see the abort, and the
// fields after the slow one are never started. Independent of the storage backend.
import { createSchema, createYoga } from "graphql-yoga";
import { describe, expect, it } from "vitest";
import { useExecutionTimeout } from "../../graphql/hardening-timeout.js";

interface Info {
  signal: AbortSignal;
}

function slowApi(timeoutMs: number) {
  const seen = { aborted: false, laterStarted: false };
  let finishSlow = () => {};
  /** Never finishes by itself: ends when its signal aborts (as cancellable work should) or when the test says. */
  const slow = (_root: unknown, _args: unknown, _context: unknown, info: Info) =>
    new Promise<string>((resolve) => {
      info.signal.addEventListener("abort", () => {
        seen.aborted = true;
        resolve("stopped");
      });
      finishSlow = () => resolve("finished");
    });
  const schema = createSchema({
    typeDefs: "type Query { slow: String quick: String } type Mutation { slow: String later: String }",
    resolvers: {
      Query: { slow, quick: () => "quick" },
      Mutation: {
        slow,
        later: () => {
          seen.laterStarted = true;
          return "ran";
        },
      },
    },
  });
  const yoga = createYoga({ schema, plugins: [useExecutionTimeout(timeoutMs)], logging: false });
  const run = async (query: string) => {
    const res = await yoga.fetch("http://sidecar.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, body: await res.json() };
  };
  return { run, seen, finishSlow: () => finishSlow() };
}

describe("GraphQL execution time limit", () => {
  it("ends a query that runs past the limit with TIMEOUT (504) and aborts its resolvers' signal", async () => {
    const api = slowApi(100);
    const answer = await api.run("{ slow }");
    expect(answer.status).toBe(504);
    expect(answer.body.errors).toEqual([
      { message: "Query took longer than 100 ms and was stopped", extensions: { code: "TIMEOUT" } },
    ]);
    expect(api.seen.aborted).toBe(true);
  });

  it("starts no further field once the limit is reached (mutations run one after another)", async () => {
    const api = slowApi(100);
    const answer = await api.run("mutation { slow later }");
    expect(answer.status).toBe(504);
    api.finishSlow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(api.seen.laterStarted).toBe(false);
  });

  it("lets an execution within the limit answer as usual", async () => {
    const api = slowApi(60_000);
    expect(await api.run("{ quick }")).toEqual({ status: 200, body: { data: { quick: "quick" } } });
  });
});
