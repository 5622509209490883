import type { NopCustomer } from "@nop-stripe/contract/nop-entities.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import { customerGuid } from "../../domain/ids.js";
import { eventKey } from "../../flow-kit/action-key.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { AdvanceCustomer } from "./advance-customer.js";
import type { BackfillCheckpoint, CustomersStore } from "./customers-store.js";

export interface BackfillProgress {
  processed: number;
  totalCount: number | null;
}

export interface BackfillRun {
  /** The checkpoint's name: a second run of the same name resumes where the first stopped. */
  name?: string;
  pageSize?: number;
  /** Customers of a page worked on at once (the pacer still holds Stripe to its rate). */
  concurrency?: number;
  onProgress?: (progress: BackfillProgress) => void;
  /**
   * Stops the run as a crash would: customers not yet begun are left, the page under way is not checkpointed and
   * is read again by the next run (whose linked customers plan nothing).
   */
  signal?: AbortSignal;
}

type NopCall = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

/**
 * Brings nopCommerce's existing registered customers across, page by page: each is recorded as nop describes it
 * and advanced (its Stripe customer made once, through the same plan as events). The checkpoint (the next page)
 * is written after a page is done, so a crash repeats at most one page, whose linked customers plan nothing.
 * The Stripe calls go through the caller's pacer (the rate limit).
 */
export class CustomerBackfill {
  constructor(
    private readonly nop: Pick<NopPort, "listCustomers">,
    private readonly store: Pick<CustomersStore, "recordNop" | "checkpoint" | "saveCheckpoint">,
    private readonly advance: Pick<AdvanceCustomer, "run">,
    private readonly call: NopCall,
  ) {}

  async run(options: BackfillRun = {}): Promise<BackfillCheckpoint> {
    const name = options.name ?? "customers";
    const concurrency = options.concurrency ?? 8;
    let at: BackfillCheckpoint = (await this.store.checkpoint(name)) ?? {
      name,
      pageSize: options.pageSize ?? 100,
      nextPageIndex: 0,
      processed: 0,
      totalCount: null,
      finished: false,
    };
    if (at.finished) at = { ...at, nextPageIndex: 0, processed: 0, finished: false }; // a new pass
    const { signal } = options;
    while (!signal?.aborted) {
      const page = await this.page(at.nextPageIndex, at.pageSize);
      let done = 0;
      const whole = await inParallel(
        page.items,
        concurrency,
        async (customer) => {
          await this.bringAcross(customer);
          options.onProgress?.({ processed: at.processed + ++done, totalCount: page.totalCount });
        },
        signal,
      );
      if (!whole) break;
      const finished = (at.nextPageIndex + 1) * at.pageSize >= page.totalCount || page.items.length === 0;
      at = {
        ...at,
        nextPageIndex: at.nextPageIndex + 1,
        processed: at.processed + page.items.length,
        totalCount: page.totalCount,
        finished,
      };
      await this.store.saveCheckpoint(at);
      if (finished) break;
    }
    return at;
  }

  private async page(pageIndex: number, pageSize: number) {
    const result = await this.call("list customers", () =>
      this.nop.listCustomers({ pageIndex, pageSize, registeredOnly: true }),
    );
    if (!result.ok)
      throw new PermanentError(`customers page ${pageIndex}: ${result.error.message}`, {
        code: "nop_customers_unreadable",
        system: "nop",
        value: pageIndex,
        suggestion: "check the bridge plugin's write-back API",
      });
    return result.value;
  }

  private async bringAcross(customer: NopCustomer): Promise<void> {
    const guid = customerGuid(customer.customerGuid);
    // A customer the plugin never sent an event of has no version yet: 0, older than any event.
    const version = customer.version ?? 0;
    await this.store.recordNop(
      { customer, version },
      {
        key: eventKey("backfill", `${guid}:${version}`),
        aggregate: guid,
        kind: "event",
        name: "backfill",
        detail: { version },
      },
    );
    await this.advance.run(guid);
  }
}

/** Runs `work` over `items`, at most `limit` at a time; false when `signal` stopped it before the last. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<boolean> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return next >= items.length && !signal?.aborted;
}
