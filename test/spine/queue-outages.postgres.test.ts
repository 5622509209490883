import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Alert } from "../../sidecar/src/ports/notifier.js";
import { backends } from "../support/backends.js";
import { stripeEvent, stripeSignature } from "../support/signing.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { waitFor } from "../support/wait-for.js";

const postgresRedis = backends.filter((b) => b.name === "postgres+redis");

async function deliver(t: TestSidecar) {
  const event = stripeEvent({ type: "charge.succeeded" });
  const body = JSON.stringify(event);
  const res = await request(t.url).post("/webhooks/stripe").set("stripe-signature", stripeSignature(body)).send(body);
  expect(res.status).toBe(200);
  return { eventId: event.id, inboxId: res.body.inboxId as string };
}

describe.each(postgresRedis)("BullMQ's failed set on $name", (backend) => {
  const processed = new Map<string, number>();
  const alerts: Alert[] = [];
  let t: TestSidecar & { isolated: { overrides: { QUEUE_NAME?: string; REDIS_URL?: string } } };

  beforeAll(async () => {
    t = await startTestSidecar(
      backend,
      {},
      {
        workers: false,
        configure: (sidecar) => {
          sidecar.alerts.listen((alert) => alerts.push(alert));
          sidecar.handlers.on("stripe", "charge.succeeded", async (event) => {
            processed.set(event.eventId, (processed.get(event.eventId) ?? 0) + 1);
          });
        },
      },
    );
  });
  afterAll(() => t?.close());

  /** Another worker on the sidecar's queue that loses its next job the way BullMQ gives up on one. */
  async function forceIntoFailedSet(jobId: string) {
    const connection = new Redis(t.isolated.overrides.REDIS_URL!, { maxRetriesPerRequest: null });
    const rogue = new Worker(
      t.isolated.overrides.QUEUE_NAME!,
      async () => {
        throw new UnrecoverableError("job stalled more than allowable limit");
      },
      { connection },
    );
    try {
      await waitFor(async () => (await t.sidecar.queue.abandoned(100)).some((job) => job.id === jobId));
    } finally {
      await rogue.close();
      await connection.quit();
    }
  }

  it("takes a job back from the failed set, and it runs once", async () => {
    const { eventId, inboxId } = await deliver(t);
    await forceIntoFailedSet(inboxId);
    expect((await t.sidecar.inbox.get(inboxId))?.status).toBe("received");
    await t.sidecar.sweeper.sweep();
    expect(await t.sidecar.queue.abandoned(100)).toEqual([]);
    t.sidecar.startWorkers(2);
    await waitFor(async () => (await t.sidecar.inbox.get(inboxId))?.status === "processed");
    expect(processed.get(eventId)).toBe(1);
    expect(alerts).toEqual([]);
  });

  it("dead-letters, with an alert, a job that keeps losing its worker", async () => {
    await t.sidecar.close(); // no workers of ours: the rogue one takes every job
    t = await startTestSidecar(
      backend,
      {},
      {
        workers: false,
        shareWith: t.isolated as never,
        configure: (sidecar) => sidecar.alerts.listen((alert) => alerts.push(alert)),
      },
    );
    const { inboxId } = await deliver(t);
    for (let lost = 0; lost < 3; lost++) {
      await forceIntoFailedSet(inboxId);
      await t.sidecar.sweeper.sweep();
    }
    const letter = await t.sidecar.db.prisma.deadLetter.findFirstOrThrow({ where: { inboxEventId: inboxId } });
    expect(letter.problem).toEqual({ code: "worker_lost" });
    expect(letter.attempts).toHaveLength(3);
    expect((await t.sidecar.inbox.get(inboxId))?.status).toBe("dead");
    expect(await t.sidecar.queue.abandoned(100)).toEqual([]);
    expect(alerts.map((a) => a.code)).toEqual(["job.dead_lettered"]);
  });
});

/** A Redis of the test's own, on a free port, that it can kill and start again empty. */
class OwnRedis {
  private process: ChildProcess | undefined;
  constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const redis = new OwnRedis(port);
    await redis.restart();
    return redis;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    this.process = spawn("redis-server", ["--port", String(this.port), "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    const client = new Redis(this.url, { lazyConnect: true, retryStrategy: () => 50 });
    client.on("error", () => {}); // refused until the server listens
    await waitFor(() =>
      client.connect().then(
        () => true,
        () => false,
      ),
    );
    client.disconnect();
  }

  kill(): void {
    this.process?.kill("SIGKILL");
  }
}

describe.each(postgresRedis)("Redis killed and restarted empty, on PostgreSQL", (backend) => {
  let redis: OwnRedis;
  let t: TestSidecar;
  const processed = new Map<string, number>();

  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await startTestSidecar(
      {
        ...backend,
        isolate: async () => {
          const isolated = await backend.isolate();
          return { ...isolated, overrides: { ...isolated.overrides, REDIS_URL: redis.url } };
        },
      },
      { SWEEP_AFTER_MS: "100" },
      {
        configure: (sidecar) =>
          sidecar.handlers.on("stripe", "charge.succeeded", async (event) => {
            processed.set(event.eventId, (processed.get(event.eventId) ?? 0) + 1);
          }),
      },
    );
  });
  afterAll(async () => {
    await t?.close();
    redis?.kill();
  });

  it("acknowledges events while Redis is gone, and processes each once after it returns empty", async () => {
    const before = await deliver(t);
    await waitFor(() => processed.get(before.eventId) === 1);

    redis.kill();
    const during: { eventId: string; inboxId: string }[] = [];
    for (let i = 0; i < 5; i++) during.push(await deliver(t));
    for (const { inboxId } of during) {
      const stored = await t.sidecar.db.prisma.inboxEvent.findUniqueOrThrow({ where: { id: inboxId } });
      expect(stored.status).toBe("received");
      expect(stored.enqueuedAt).toBeNull(); // stored, the sweeper will enqueue it
    }

    await redis.restart();
    await waitFor(
      async () => {
        await t.sidecar.sweeper.sweep();
        return during.every(({ eventId }) => processed.get(eventId) === 1);
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    expect(processed.get(before.eventId)).toBe(1);
  });
});
