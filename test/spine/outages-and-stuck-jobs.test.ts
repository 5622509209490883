import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectorUnavailable } from "../../sidecar/src/ports/connector-errors.js";
import type { Alert } from "../../sidecar/src/ports/notifier.js";
import type { Sidecar } from "../../sidecar/src/sidecar.js";
import { bearer } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { stripeEvent, stripeSignature } from "../support/signing.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { waitFor } from "../support/wait-for.js";

/** A system the test takes down and brings back; every call made to it is counted. */
class FlakySystem {
  up = true;
  calls = 0;
  async book(): Promise<void> {
    this.calls++;
    if (!this.up) throw new ConnectorUnavailable("erp", 1, "connect ECONNREFUSED");
  }
}

const fastBreaker = { BREAKER_COOLDOWN_MS: "200", BREAKER_COOLDOWN_MAX_MS: "400" };

/** Wires a handler that books every charge.succeeded in the flaky ERP through the flow kit's failures. */
function bookingFlow(erp: FlakySystem, booked: string[], alerts: Alert[]) {
  return (sidecar: Sidecar) => {
    sidecar.alerts.listen((alert) => alerts.push(alert));
    const host = sidecar.hostFor("test-booking");
    host.onEvent("stripe", "charge.succeeded", async (event) => {
      await host.failures.call("erp", "book the charge", () => erp.book());
      booked.push(event.eventId);
    });
  };
}

async function deliver(t: TestSidecar, type = "charge.succeeded") {
  const event = stripeEvent({ type });
  const body = JSON.stringify(event);
  const res = await request(t.url).post("/webhooks/stripe").set("stripe-signature", stripeSignature(body)).send(body);
  expect(res.status).toBe(200);
  return { eventId: event.id, inboxId: res.body.inboxId as string };
}

const codes = (alerts: Alert[]) => alerts.map((a) => a.code);

describe.each(backends)("outages heal by themselves on $name", (backend) => {
  const erp = new FlakySystem();
  const booked: string[] = [];
  const alerts: Alert[] = [];
  let t: TestSidecar;

  beforeAll(async () => {
    t = await startTestSidecar(backend, fastBreaker, { configure: bookingFlow(erp, booked, alerts) });
  });
  afterAll(() => t?.close());

  it("parks the jobs of a system that is down, without spending their attempts, and resumes them when it answers", async () => {
    erp.up = false;
    const delivered: { eventId: string; inboxId: string }[] = [];
    for (let i = 0; i < 20; i++) delivered.push(await deliver(t));
    await waitFor(async () => {
      const parked = await t.sidecar.db.prisma.inboxEvent.count({
        where: { id: { in: delivered.map((d) => d.inboxId) }, status: "parked" },
      });
      return parked === delivered.length;
    });
    // Down for well over the 3 attempts the test sidecar allows a job: waiting parked spends none of them.
    const callsWhenParked = erp.calls;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(erp.calls - callsWhenParked).toBeLessThanOrEqual(6); // one probe per cooldown, not 20 jobs retrying
    expect(codes(alerts)).toEqual(["erp.unreachable"]);
    expect(alerts[0]!.severity).toBe("critical");
    const seen = await request(t.url)
      .post("/graphql")
      .set(bearer(t.adminToken))
      .send({ query: "{ queueHealth { parkedEvents parkedJobs } incidents(openOnly: true) { key open detail } }" });
    expect(seen.body.data.queueHealth).toEqual({ parkedEvents: 20, parkedJobs: 20 });
    expect(seen.body.data.incidents).toEqual([
      { key: "erp", open: true, detail: "erp unavailable after 1 attempt(s); last: connect ECONNREFUSED" },
    ]);

    erp.up = true;
    await waitFor(() => delivered.every((d) => booked.includes(d.eventId)));
    for (const { inboxId } of delivered) expect((await t.sidecar.inbox.get(inboxId))?.status).toBe("processed");
    expect(booked.filter((id) => delivered.some((d) => d.eventId === id))).toHaveLength(delivered.length);
    await waitFor(() => codes(alerts).length === 2);
    expect(codes(alerts)).toEqual(["erp.unreachable", "erp.recovered"]);
    expect(await t.sidecar.db.prisma.deadLetter.count()).toBe(0);
    const incident = await t.sidecar.db.prisma.incident.findFirstOrThrow({ where: { key: "erp" } });
    expect(incident.openKey).toBeNull();
    expect(incident.endedAt).not.toBeNull();
  });

  it("replays a transient dead letter by itself once its system has recovered from an outage", async () => {
    const host = t.sidecar.hostFor("test-exhausted");
    let failing = true;
    host.onEvent("stripe", "charge.captured", async () => {
      // Thrown past the breaker: an intermittent failure that spends the job's attempts.
      if (failing) throw new ConnectorUnavailable("erp", 1, "503 overloaded");
    });
    const { inboxId } = await deliver(t, "charge.captured");
    const letter = await waitFor(() => t.sidecar.db.prisma.deadLetter.findFirst({ where: { inboxEventId: inboxId } }));
    expect(letter.problem).toEqual({ code: "transient_exhausted", system: "erp" });
    expect(codes(alerts).at(-1)).toBe("job.dead_lettered");

    failing = false;
    const down = new ConnectorUnavailable("erp", 1, "connect ECONNREFUSED");
    for (let i = 0; i < 3; i++) await t.sidecar.health.failed("erp", down);
    await t.sidecar.health.succeeded("erp");
    await waitFor(async () => (await t.sidecar.inbox.get(inboxId))?.status === "processed");
    const replayed = await t.sidecar.db.prisma.deadLetter.findUniqueOrThrow({ where: { id: letter.id } });
    expect(replayed.status).toBe("replayed");
  });
});

describe.each(backends)("nothing stuck without someone told on $name", (backend) => {
  const alerts: Alert[] = [];
  let t: TestSidecar;

  beforeAll(async () => {
    t = await startTestSidecar(
      backend,
      { STUCK_ALERT_AFTER_MS: "1000" },
      {
        workers: false,
        configure: (sidecar) => {
          sidecar.alerts.listen((alert) => alerts.push(alert));
          sidecar.handlers.on("stripe", "charge.succeeded", async () => {});
        },
      },
    );
  });
  afterAll(() => t?.close());

  it("reports the oldest unfinished event's age, alerts once when it is too old, and once when it is caught up", async () => {
    const { inboxId } = await deliver(t);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await t.sidecar.sweeper.sweep();
    await t.sidecar.sweeper.sweep();
    expect(codes(alerts)).toEqual(["events.stuck"]);
    const metrics = await t.sidecar.metrics.registry.getSingleMetricAsString(
      "sidecar_oldest_unfinished_event_age_seconds",
    );
    const pending = Number(/state="pending"} ([\d.]+)/.exec(metrics)?.[1]);
    expect(pending).toBeGreaterThanOrEqual(1.2);

    t.sidecar.startWorkers(2);
    await waitFor(async () => (await t.sidecar.inbox.get(inboxId))?.status === "processed");
    await t.sidecar.sweeper.sweep();
    expect(codes(alerts)).toEqual(["events.stuck", "events.caught_up"]);
  });
});

describe.each(backends.filter((b) => b.name !== "embedded"))("one outage, two workers on $name", (backend) => {
  it("tells of an outage once and of its end once, however many processes see it", async () => {
    const erp = new FlakySystem();
    const alerts: Alert[] = [];
    const booked: string[] = [];
    // Each process has its own breaker, and one that has not yet seen the outage spends up to two attempts of a job
    // before it opens: with the test sidecar's 3-attempt budget two processes can exhaust a job (the default is 36).
    const settings = { ...fastBreaker, JOB_MAX_ATTEMPTS: "8" };
    const first = await startTestSidecar(backend, settings, { configure: bookingFlow(erp, booked, alerts) });
    const second = await startTestSidecar(backend, settings, {
      shareWith: first.isolated,
      configure: bookingFlow(erp, booked, alerts),
    });
    try {
      erp.up = false;
      const delivered: { eventId: string; inboxId: string }[] = [];
      for (let i = 0; i < 30; i++) delivered.push(await deliver(i % 2 ? first : second));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      erp.up = true;
      await waitFor(() => delivered.every((d) => booked.includes(d.eventId)), { timeoutMs: 30_000 });
      await waitFor(() => codes(alerts).includes("erp.recovered"));
      expect(codes(alerts)).toEqual(["erp.unreachable", "erp.recovered"]);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe.each(backends.filter((b) => b.name !== "postgres+redis"))(
  "the database queue's lost workers on $name",
  (backend) => {
    it("runs again a job whose worker died mid-attempt, and dead-letters one that has lost its worker three times", async () => {
      const alerts: Alert[] = [];
      const runs = new Map<string, number>();
      const t = await startTestSidecar(
        backend,
        {},
        {
          workers: false,
          configure: (sidecar) => {
            sidecar.alerts.listen((alert) => alerts.push(alert));
            sidecar.handlers.on("stripe", "charge.succeeded", async (event) => {
              runs.set(event.eventId, (runs.get(event.eventId) ?? 0) + 1);
            });
          },
        },
      );
      try {
        const once = await deliver(t);
        const poison = await deliver(t);
        const { prisma } = t.sidecar.db;
        // As a worker killed mid-attempt leaves them: claimed, its lease run out.
        await prisma.job.updateMany({ data: { status: "active", lockedUntil: new Date(Date.now() - 1000) } });
        // The poison job killed its worker twice before.
        await prisma.jobFailure.createMany({
          data: [1, 2].map((attempt) => ({
            jobId: poison.inboxId,
            jobName: "inbox.process",
            attempt,
            error: "WorkerLost: its worker stopped renewing the lease (killed, or blocked)",
          })),
        });
        t.sidecar.startWorkers(2);
        await waitFor(async () => (await t.sidecar.inbox.get(once.inboxId))?.status === "processed");
        expect(runs.get(once.eventId)).toBe(1);
        await waitFor(async () => (await t.sidecar.inbox.get(poison.inboxId))?.status === "dead");
        expect(runs.get(poison.eventId)).toBeUndefined();
        const letter = await prisma.deadLetter.findFirstOrThrow({ where: { inboxEventId: poison.inboxId } });
        expect(letter.problem).toEqual({ code: "worker_lost" });
        expect(codes(alerts)).toEqual(["job.dead_lettered"]);
        expect(await prisma.job.count()).toBe(0);
      } finally {
        await t.close();
      }
    });
  },
);
