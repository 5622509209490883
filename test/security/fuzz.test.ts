// Hostile input: at least 10,000 generated and mutated requests to every public endpoint of the full product
// (the sandbox with every flow registered), with valid deliveries mixed in. Asserts: no 5xx, the process still
// answers, nothing stored for a refused request, exactly one row for an accepted one, every valid event
// processed exactly once, no prototype polluted. Prints the counts. FUZZ_SEED=<n> replays a run.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerFlows } from "../../sidecar/src/flows/register-flows.js";
import type { InboxEvent } from "../../sidecar/src/inbox/inbox-event.js";
import { bearer, createTestToken } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { type SandboxSidecar, startSandboxSidecar } from "../support/sandbox-sidecar.js";
import { waitFor } from "../support/wait-for.js";
import { countedType, type FuzzKeys, type FuzzRequest, hostileRequests } from "./fuzz/hostile-requests.js";

const requestCount = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const concurrency = 16;

interface Outcome {
  request: FuzzRequest;
  status: number | "network error";
  body: string;
  ms: number;
  /** A GraphQL answer with errors and no data: refused, whatever the status (GraphQL over HTTP allows 200). */
  graphqlRefused: boolean;
  /** A GraphQL error the server did not expect (masked as "Unexpected error."): never a proper refusal. */
  graphqlUnexpected: boolean;
  /** The answer repeats the canary a hostile GET parameter carried: error messages must not quote values. */
  echoed: boolean;
}

/** Sent in hostile GraphQL GET parameters (fuzz/hostile-requests.ts); no answer may repeat it. */
const canary = "FUZZCANARY";

/** Sends every request, `concurrency` at a time, and keeps what came back. */
async function sendAll(baseUrl: string, requests: FuzzRequest[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const started = performance.now();
      try {
        const res = await fetch(baseUrl + request.path, {
          method: request.method,
          headers: request.headers,
          body: request.body ? new Uint8Array(request.body) : undefined,
          redirect: "manual",
        });
        const text = await res.text();
        outcomes.push({
          request,
          status: res.status,
          body: text.slice(0, 300),
          ms: performance.now() - started,
          graphqlRefused: request.family === "graphql" && refusedByGraphql(text),
          graphqlUnexpected: request.family === "graphql" && unexpectedGraphqlError(text),
          echoed: request.family === "graphql" && text.includes(canary),
        });
      } catch (err) {
        outcomes.push({
          request,
          status: "network error",
          body: String((err as Error).cause ?? err),
          ms: performance.now() - started,
          graphqlRefused: false,
          graphqlUnexpected: false,
          echoed: false,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

function refusedByGraphql(text: string): boolean {
  try {
    const answer = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
    return Array.isArray(answer.errors) && answer.errors.length > 0 && (answer.data ?? null) === null;
  } catch {
    return false;
  }
}

interface GraphqlAnswer {
  errors?: { message?: unknown; extensions?: { code?: unknown } }[];
}

/** Any error of the answer (or of a batch's answers) that the server masked as unexpected. */
function unexpectedGraphqlError(text: string): boolean {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return false;
  }
  return [answer]
    .flat()
    .some((one) =>
      ((one as GraphqlAnswer | null)?.errors ?? []).some(
        (e) => e?.extensions?.code === "INTERNAL_SERVER_ERROR" || e?.message === "Unexpected error.",
      ),
    );
}

/** What broke a rule, in words a failing test can show. */
function violation({ request, status, graphqlRefused, graphqlUnexpected, echoed }: Outcome): string | undefined {
  if (status === "network error")
    // A server may cut an oversized upload short; anything else must get an answer.
    return request.mutation === "oversized" || request.mutation === "huge body" ? undefined : "no answer";
  if (status >= 500) return `answered ${status}`;
  if (graphqlUnexpected) return "unexpected GraphQL error";
  if (echoed) return "repeated a value the client sent";
  if (request.expect === "accepted" && (status < 200 || status > 299)) return `valid request answered ${status}`;
  if (request.expect === "refused" && (status < 400 || status > 499) && !graphqlRefused)
    return `hostile request answered ${status}`;
  return undefined;
}

const tally = (outcomes: Outcome[], key: (o: Outcome) => string) =>
  Object.fromEntries(
    [...outcomes.reduce((m, o) => m.set(key(o), (m.get(key(o)) ?? 0) + 1), new Map<string, number>())].sort(),
  );

describe.each(backends)("hostile input on $name", (backend) => {
  let t: SandboxSidecar;
  const handled = new Map<string, number>();
  const countEvent = async (event: InboxEvent) => {
    handled.set(event.eventId, (handled.get(event.eventId) ?? 0) + 1);
  };

  beforeAll(async () => {
    t = await startSandboxSidecar(backend, {
      // GraphQL's per-client limits are tested on their own; here valid queries must get through the flood.
      // The limit on refused webhook deliveries stays at its default: valid events must pass it regardless.
      env: { RATE_LIMIT_PER_IP: "1000000", RATE_LIMIT_PER_TOKEN: "1000000" },
      configure: (sidecar, systems, publicUrl) => {
        registerFlows(sidecar, systems, publicUrl);
        sidecar.handlers.on("stripe", countedType, countEvent).on("bridge", countedType, countEvent);
      },
    });
  });
  afterAll(() => t?.close());

  it(`answers ${requestCount} generated and mutated requests without a 5xx, storing only what it accepted, once`, async () => {
    const runId = randomBytes(4).toString("hex");
    const keys: FuzzKeys = {
      stripeSecret: t.sidecar.secrets.stripeWebhookSecrets()[0]!,
      bridgeSecret: t.sidecar.secrets.bridgeSecrets()[0]!,
      wmsSecret: t.sandbox.config.WMS_CALLBACK_SECRETS![0]!,
      // Admin, so that what GraphQL refuses is refused for the request's shape, not for the caller's role.
      authorization: bearer(await createTestToken(t.sidecar, "admin")).authorization,
    };
    const seed = Number(process.env.FUZZ_SEED ?? randomBytes(4).readUInt32LE() >>> 1);
    const requests = fc.sample(hostileRequests(keys, runId), { numRuns: requestCount, seed });
    const outcomes = await sendAll(t.url, requests);

    const violations = outcomes
      .map((o) => ({ o, problem: violation(o) }))
      .filter(({ problem }) => problem !== undefined)
      .map(
        ({ o, problem }) =>
          `${problem}: ${o.request.family} ${o.request.mutation} ${o.request.method} ${o.request.path.slice(0, 80)} -> ${o.body}`,
      );

    // Rows: exactly the events some delivery of which was answered 2xx.
    const answered2xx = (o: Outcome) => typeof o.status === "number" && o.status >= 200 && o.status < 300;
    const expectedStored = (table: "inbox" | "shipment") =>
      [
        ...new Set(
          outcomes
            .filter((o) => o.request.stores?.table === table && answered2xx(o))
            .map((o) =>
              o.request.stores!.table === "inbox" ? o.request.stores!.eventId : (o.request.stores as { id: string }).id,
            ),
        ),
      ].sort();
    const prisma = t.sidecar.db.prisma;
    const storedInbox = (
      await prisma.inboxEvent.findMany({
        where: { source: { not: "wms" }, eventId: { contains: `_${runId}_` } },
        select: { eventId: true },
      })
    )
      .map((r) => r.eventId)
      .sort();
    // WMS callbacks take the inbox path too: stored there once per notification id.
    const storedShipments = (
      await prisma.inboxEvent.findMany({
        where: { source: "wms", eventId: { contains: `_${runId}_` } },
        select: { eventId: true },
      })
    )
      .map((r) => r.eventId)
      .sort();

    // Every valid event accepted is handled exactly once, however often it was delivered.
    const counted = [
      ...new Set(outcomes.filter((o) => o.request.counted && answered2xx(o)).map((o) => o.request.counted!)),
    ];
    await waitFor(() => counted.every((id) => handled.has(id)), { timeoutMs: 60_000 });
    const handledTwice = counted.filter((id) => handled.get(id) !== 1);

    const health = await fetch(`${t.url}/healthz`);
    console.log(
      JSON.stringify({
        fuzz: backend.name,
        seed,
        requests: outcomes.length,
        byFamily: tally(outcomes, (o) => o.request.family),
        byMutation: tally(outcomes, (o) => `${o.request.family}: ${o.request.mutation}`),
        byStatus: tally(outcomes, (o) => String(o.status)),
        validEventsProcessedOnce: counted.length - handledTwice.length,
        inboxRows: storedInbox.length,
        shipmentRows: storedShipments.length,
        violations: violations.length,
        slowest: Object.entries(
          outcomes.reduce<Record<string, number>>((m, o) => {
            const k = `${o.request.family}: ${o.request.mutation}`;
            m[k] = Math.round((m[k] ?? 0) + o.ms);
            return m;
          }, {}),
        )
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8),
      }),
    );

    expect(outcomes.length).toBe(requestCount);
    expect(violations.slice(0, 20)).toEqual([]);
    expect(storedInbox).toEqual(expectedStored("inbox"));
    expect(storedShipments).toEqual(expectedStored("shipment"));
    expect(counted.length).toBeGreaterThan(100);
    expect(handledTwice).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(health.status).toBe(200);
  }, 600_000);
});
