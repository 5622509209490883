import type { AggregateLock } from "../aggregate-lock.js";
import { ProcessLock } from "../aggregate-lock.js";
import { ConnectorFailures, type SystemHealthPort } from "../connector-failures.js";
import type { FlowHost } from "../flow-host.js";
import { Reconciler, type ReconcilerSpec } from "../reconciler.js";

/** The parts of a FlowHost a flow's unit tests drive without a database: locks in memory, jobs collected. */
export class InMemoryHost implements Pick<FlowHost, "flow" | "reconciler" | "enqueue" | "failures"> {
  /** Every system up, always: circuit breaking is tested on its own. */
  readonly failures = new ConnectorFailures(alwaysUp);
  readonly enqueued: { id: string; name: string; data: Record<string, unknown>; delayMs?: number }[] = [];

  constructor(
    readonly flow: string,
    /** Default: one run per aggregate at a time, as on every backend. */
    private readonly lock: AggregateLock = new ProcessLock(),
  ) {}

  reconciler<Id extends string, State, Action>(spec: ReconcilerSpec<Id, State, Action>) {
    return new Reconciler(this.flow, this.lock, spec);
  }

  enqueue = async (jobs: FlowHost extends { enqueue(jobs: infer J): unknown } ? J : never) => {
    this.enqueued.push(...jobs);
  };
}

/** No lock at all: what runs of one aggregate do without the kit's lock (for tests that show why it is there). */
export const noLock: AggregateLock = { run: (_key, work) => work() };

/** Health for tests of flows: every system taken as up, whatever it answers. */
export const alwaysUp: SystemHealthPort = {
  admit: () => {},
  succeeded: async () => {},
  failed: async () => false,
};
