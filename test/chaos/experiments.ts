// The experiments of `npm run chaos` (issue 14), in the order they run: the short ones first, the outages last.

import { forceJobIntoFailedSet, measureForcedJob } from "./bullmq-failed-set.js";
import type { ChaosArgs } from "./chaos-args.js";
import type { Experiment, FaultContext } from "./run-experiment.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A supervisor (systemd, Docker's restart policy) starts a dead process again after about a second. */
const supervisorDelayMs = 1000;

/** Bursts: fast enough that the sidecar is busy when the fault hits, slow enough to last ~5 s. */
const burstRate = () => 20;

/** Outages: a tenth of the orders before the system goes down, the rest spread over the outage. */
const outageRate = (orders: number, args: ChaosArgs) => (orders * 0.9) / (args.outageMinutes * 60);

const noBullmq = "the embedded backend has no Redis, BullMQ or separate processes";

/** Waits until a third of the orders are paid: mid-burst. */
const midBurst = (ctx: FaultContext) => ctx.whenPaid(Math.ceil(ctx.orders / 3));

function killAndRestart(role: "web" | "worker"): Experiment["fault"] {
  return async (ctx) => {
    await midBurst(ctx);
    const { fleet } = ctx.stage;
    // The embedded backend's web is its one `start` process.
    const actual = fleet.processes(role).length > 0 ? role : "start";
    await fleet.kill(fleet.processes(actual)[0]!);
    await sleep(supervisorDelayMs);
    await fleet.start(actual);
  };
}

function systemDown(system: "erp" | "nop"): Experiment["fault"] {
  return async (ctx) => {
    await ctx.whenPaid(Math.ceil(ctx.orders * 0.1));
    const target = ctx.stage.systems[system];
    await target.stopListening();
    await sleep(ctx.args.outageMinutes * 60_000);
    await target.listenAgain();
  };
}

/** A server of the PostgreSQL backend stopped mid-burst, for `downMs`, then started again. */
function postgresDown(mode: "fast" | "immediate", downMs: number): Experiment["fault"] {
  return async (ctx) => {
    await midBurst(ctx);
    const postgres = ctx.stage.backend.postgres!;
    postgres.stop(mode);
    await sleep(downMs);
    await postgres.start();
  };
}

const infrastructureFault = (name: string, whyNotEmbedded: string) => ({
  name,
  appliesTo: { pg: true, embedded: whyNotEmbedded } as const,
  rounds: 1,
  defaultOrders: 150,
  payRate: burstRate,
});

export const experiments: Experiment[] = [
  {
    name: "kill-web",
    appliesTo: { pg: true, embedded: true },
    rounds: 3,
    defaultOrders: 100,
    payRate: burstRate,
    fault: killAndRestart("web"),
  },
  {
    name: "kill-worker",
    appliesTo: { pg: true, embedded: `${noBullmq}: its one process is killed in kill-web` },
    rounds: 3,
    defaultOrders: 100,
    payRate: burstRate,
    fault: killAndRestart("worker"),
  },
  {
    ...infrastructureFault("redis-restart-empty", "the embedded backend uses no Redis"),
    async fault(ctx) {
      await midBurst(ctx);
      const redis = ctx.stage.backend.redis!;
      await redis.kill();
      await sleep(supervisorDelayMs);
      await redis.start();
    },
  },
  {
    ...infrastructureFault("postgres-restart", "PGlite runs inside the sidecar: restarting it is kill-web"),
    fault: postgresDown("immediate", 0), // as a crash: the next start recovers from the WAL
  },
  {
    ...infrastructureFault("postgres-stop-30s", "PGlite runs inside the sidecar: it cannot stop on its own"),
    fault: postgresDown("fast", 30_000),
  },
  {
    name: "bullmq-failed-set",
    appliesTo: { pg: true, embedded: noBullmq },
    rounds: 1,
    defaultOrders: 100,
    payRate: () => 10,
    async fault(ctx) {
      await midBurst(ctx);
      await forceJobIntoFailedSet(ctx);
    },
    measure: measureForcedJob,
  },
  {
    name: "disk-full-30s",
    appliesTo: { pg: true, embedded: true },
    needsVolume: true,
    rounds: 1,
    defaultOrders: 150,
    payRate: burstRate,
    async fault(ctx) {
      const { backend } = ctx.stage;
      await midBurst(ctx);
      backend.volume!.fill();
      await sleep(30_000);
      backend.volume!.free();
      // What a supervisor does for a server the full disk brought down; noted, since an operator would see it.
      if (backend.postgres && !backend.postgres.running()) {
        ctx.note("PostgreSQL stopped on the full disk; started again as a supervisor would");
        await backend.postgres.start();
      }
    },
  },
  {
    name: "erp-outage",
    appliesTo: { pg: true, embedded: true },
    rounds: 1,
    defaultOrders: 500,
    payRate: outageRate,
    fault: systemDown("erp"),
  },
  {
    name: "nop-outage",
    appliesTo: { pg: true, embedded: true },
    rounds: 1,
    defaultOrders: 500,
    payRate: outageRate,
    fault: systemDown("nop"),
  },
];
