import type { AggregateLock } from "./aggregate-lock.js";

/** What a flow declares to converge one kind of aggregate (an order, a refund, a payout...). */
export interface ReconcilerSpec<Id extends string, State, Action> {
  /** Everything the plan needs about the aggregate, read in one go; undefined when nothing is known of it. */
  load(id: Id): Promise<State | undefined>;
  /**
   * Pure: the actions due in this state, in the order of work. The runner performs the first it has not
   * performed yet in this run, then plans again from the state that action leaves.
   */
  plan(state: State): readonly Action[];
  /** Performs one action (with its idempotency key) and returns the state after it. */
  execute(action: Action, state: State): Promise<State>;
  /** Tells actions apart within a run (their action key will do). */
  identify(action: Action): string;
  /**
   * The step bound of one run (default 100). An aggregate whose work grows with its size (a payout's pages and
   * postings) raises it: hitting the bound fails the run into a retry's backoff.
   */
  maxSteps?: number;
}

/** More steps than any aggregate needs: a plan that never converges is a bug, stopped here rather than looping. */
const defaultMaxSteps = 100;

/**
 * load -> pure plan -> execute, for one aggregate at a time: runs for the same id, in this process or another
 * sharing the database, wait for each other, so each reads the state the one before left and no action is
 * attempted twice at once. Any event about an aggregate just calls `run` again: the plan is empty when all is done.
 */
export class Reconciler<Id extends string, State, Action> {
  constructor(
    /** Namespaces the lock, e.g. the flow's name. */
    private readonly name: string,
    private readonly lock: AggregateLock,
    private readonly spec: ReconcilerSpec<Id, State, Action>,
  ) {}

  run(id: Id): Promise<void> {
    return this.exclusive(id, async () => {
      let state = await this.spec.load(id);
      if (state === undefined) return;
      const performed = new Set<string>();
      const maxSteps = this.spec.maxSteps ?? defaultMaxSteps;
      for (let step = 0; step < maxSteps; step++) {
        const next = this.spec.plan(state).find((action) => !performed.has(this.spec.identify(action)));
        if (next === undefined) return;
        performed.add(this.spec.identify(next));
        state = await this.spec.execute(next, state);
      }
      throw new Error(`${this.name} ${id}: the plan did not converge in ${maxSteps} steps`);
    });
  }

  /** Other work on the aggregate (a timer's job, say) that must not overlap a run. */
  exclusive<T>(id: Id, work: () => Promise<T>): Promise<T> {
    return this.lock.run(`${this.name}:${id}`, work);
  }
}
