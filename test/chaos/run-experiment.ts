// One experiment from start to verdict: prepare the orders, pay them at a steady rate while the fault happens,
// wait (bounded) until every acknowledged order is complete, let the senders go quiet, then count.
import type { Backend, ChaosArgs } from "./chaos-args.js";
import type { ChaosBackend } from "./chaos-backend.js";
import { openStage, type Stage } from "./chaos-stage.js";
import type { Checkout } from "./checkout.js";
import { auditOrders } from "./order-audit.js";
import { queueHealth } from "./queue-health.js";

export interface FaultContext {
  stage: Stage;
  args: ChaosArgs;
  /** Orders this run pays. */
  orders: number;
  /** Resolves once this many payments have been acknowledged. */
  whenPaid(count: number): Promise<void>;
  /** A line for the result's `notes`: what the chaos had to do or saw on the way. */
  note(text: string): void;
}

export interface Experiment {
  name: string;
  /** Per backend: true, or why it does not apply. */
  appliesTo: Record<Backend, true | string>;
  rounds: number;
  /** Fills the database's disk: only where the chaos could mount a tmpfs for it. */
  needsVolume?: boolean;
  defaultOrders: number;
  /** Payments per second while the experiment runs. */
  payRate(orders: number, args: ChaosArgs): number;
  /** Brings the fault about and resolves when it has ended (the system is back, as far as the chaos can act). */
  fault(ctx: FaultContext): Promise<void>;
  /** Measures of its own, taken after the fault (the BullMQ experiment's forced job). */
  measure?(ctx: FaultContext, faultEndedAt: number): Promise<Record<string, unknown>>;
}

export interface ExperimentResult {
  backend: Backend;
  experiment: string;
  round: number;
  orders: number;
  acknowledged: number;
  lost: number;
  doubled: number;
  recovery_s: number | null;
  dead_letters_left: number | null;
  alerts_sent: Record<string, number>;
  [more: string]: unknown;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** Pays every checkout, one every 1/rate seconds whatever the earlier ones are doing; returns the acknowledged. */
async function payAtRate(stage: Stage, checkouts: Checkout[], rate: number, onPaid: () => void): Promise<Checkout[]> {
  const started = performance.now();
  const payments: Promise<Checkout | undefined>[] = [];
  for (let i = 0; i < checkouts.length; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    const checkout = checkouts[i]!;
    payments.push(
      stage.store.pay(checkout).then((ok) => {
        if (!ok) return undefined;
        onPaid();
        return checkout;
      }),
    );
  }
  return (await Promise.all(payments)).filter((c): c is Checkout => c !== undefined);
}

/** Polls until every order is complete or the deadline passes; returns when the last one completed, if all did. */
async function waitForCompletion(stage: Stage, orders: Checkout[], deadline: number): Promise<number | undefined> {
  for (;;) {
    if (auditOrders(stage.systems, orders).incomplete.length === 0) return Date.now();
    if (Date.now() > deadline) return undefined;
    await sleep(500);
  }
}

/** Stripe's deliveries and the store's outbox idle (bounded), so nothing still in flight escapes the count. */
async function settle(stage: Stage): Promise<void> {
  const idle = Promise.all([stage.systems.stripe.whenDeliveriesIdle(), stage.systems.nop.outbox.idle()]);
  await Promise.race([idle, sleep(60_000)]);
  await sleep(3000);
}

export async function runExperiment(
  experiment: Experiment,
  backend: ChaosBackend,
  args: ChaosArgs,
  round: number,
): Promise<ExperimentResult> {
  const label = experiment.rounds > 1 ? `${experiment.name}-${round}` : experiment.name;
  const stage = await openStage(backend, label);
  const notes: string[] = [];
  try {
    const orders = args.orders ?? experiment.defaultOrders;
    const checkouts = await stage.store.prepare(orders);
    stage.alerts.reset(); // alerts of the fault and after, not of start-up
    let paid = 0;
    const waiters: { count: number; resolve: () => void }[] = [];
    const onPaid = () => {
      paid++;
      for (const w of waiters.filter((w) => paid >= w.count)) w.resolve();
    };
    const ctx: FaultContext = {
      stage,
      args,
      orders,
      whenPaid: (count) =>
        paid >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
      note: (text) => notes.push(text),
    };
    const payments = payAtRate(stage, checkouts, experiment.payRate(orders, args), onPaid);
    await experiment.fault(ctx);
    const faultEndedAt = Date.now();
    const acknowledged = await payments;
    // Side by side: the experiment's own watch must not delay the moment all orders are seen complete.
    const [extra, completedAt] = await Promise.all([
      experiment.measure?.(ctx, faultEndedAt) ?? {},
      waitForCompletion(stage, acknowledged, faultEndedAt + args.recoveryMinutes * 60_000),
    ]);
    await settle(stage);
    const audit = auditOrders(stage.systems, acknowledged);
    const health = await queueHealth(stage.fleet.url, stage.dataDir).catch((err: Error) => {
      notes.push(`queueHealth unavailable: ${err.message}`);
      return undefined;
    });
    return {
      backend: backend.backend,
      experiment: experiment.name,
      round,
      orders,
      acknowledged: acknowledged.length,
      lost: audit.incomplete.length,
      doubled: audit.doubled,
      recovery_s: completedAt === undefined ? null : seconds(Math.max(0, completedAt - faultEndedAt)),
      dead_letters_left: health?.openDeadLetters ?? null,
      alerts_sent: stage.alerts.counts(),
      unfinished_events: health?.unfinishedEvents ?? null,
      // Sidecar processes that died on their own (restarted as docker-compose's restart policy would).
      crashes: stage.fleet.crashes(),
      ...(audit.doubled > 0 ? { doubled_reasons: audit.doubledReasons } : {}),
      ...extra,
      ...(notes.length > 0 ? { notes } : {}),
    };
  } finally {
    await stage.close();
  }
}
