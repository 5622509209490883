import type { NopCustomer } from "@nop-stripe/contract/nop-entities.js";
import { type BackfillCheckpoint, type BackfillRun, runPagedBackfill } from "../../backfill/paged-backfill.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import { customerGuid } from "../../domain/ids.js";
import { eventKey } from "../../flow-kit/action-key.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { AdvanceCustomer } from "./advance-customer.js";
import type { CustomersStore } from "./customers-store.js";

export type { BackfillProgress, BackfillRun } from "../../backfill/paged-backfill.js";

type NopCall = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

/**
 * Brings nopCommerce's existing registered customers across, page by page (backfill/paged-backfill.ts): each is
 * recorded as nop describes it and advanced (its Stripe customer made once, through the same plan as events), so a
 * page repeated after a crash finds its linked customers with nothing to do. The Stripe calls go through the
 * caller's pacer (the rate limit).
 */
export class CustomerBackfill {
  constructor(
    private readonly nop: Pick<NopPort, "listCustomers">,
    private readonly store: Pick<CustomersStore, "recordNop" | "checkpoint" | "saveCheckpoint">,
    private readonly advance: Pick<AdvanceCustomer, "run">,
    private readonly call: NopCall,
  ) {}

  run(options: BackfillRun = {}): Promise<BackfillCheckpoint> {
    return runPagedBackfill(
      this.store,
      { name: "customers", readPage: (i, size) => this.page(i, size), bringAcross: (c) => this.bringAcross(c) },
      options,
    );
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
