import type { NopRecurringPayment, NopRecurringPaymentHistory } from "@nop-stripe/contract/nop-entities.js";
import {
  type BackfillCheckpoint,
  type BackfillCheckpoints,
  type BackfillRun,
  runPagedBackfill,
} from "../../backfill/paged-backfill.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import { eventKey } from "../../flow-kit/action-key.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { AdvanceSubscription } from "./advance-subscription.js";
import { recurringPaymentKey } from "./subscription-actions.js";
import type { SubscriptionsStore } from "./subscriptions-store.js";

type NopCall = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

interface Listed {
  recurringPayment: NopRecurringPayment;
  history: NopRecurringPaymentHistory[];
}

/**
 * Brings nopCommerce's existing recurring payments under the flow, page by page (backfill/paged-backfill.ts): one
 * the flow does not know is recorded with what nopCommerce had billed of it (its history, next payment date and
 * cycles remaining), then advanced through the same plan as events (plan-subscription.ts decides: a subscription
 * taking over after the paid cycles, not-billed with the reason, or nothing). One the flow knows is only advanced.
 * Stripe's calls go through the caller's pacer (the rate limit); its keys come from the recurring payment, so a page
 * repeated after a crash makes nothing twice.
 */
export class SubscriptionBackfill {
  constructor(
    private readonly nop: Pick<NopPort, "listRecurringPayments">,
    private readonly store: Pick<SubscriptionsStore, "recordBackfilled">,
    private readonly checkpoints: BackfillCheckpoints,
    private readonly advance: Pick<AdvanceSubscription, "run">,
    private readonly call: NopCall,
  ) {}

  run(options: BackfillRun = {}): Promise<BackfillCheckpoint> {
    return runPagedBackfill(
      this.checkpoints,
      {
        name: "recurring-payments",
        readPage: (i, size) => this.page(i, size),
        bringAcross: (l) => this.bringAcross(l),
      },
      options,
    );
  }

  private async page(pageIndex: number, pageSize: number) {
    const result = await this.call("list recurring payments", () =>
      this.nop.listRecurringPayments({ pageIndex, pageSize }),
    );
    if (!result.ok)
      throw new PermanentError(`recurring payments page ${pageIndex}: ${result.error.message}`, {
        code: "nop_recurring_payments_unreadable",
        system: "nop",
        value: pageIndex,
        suggestion: "check the bridge plugin's write-back API (contract 1.3, listRecurringPayments)",
      });
    return result.value;
  }

  private async bringAcross({ recurringPayment: rp, history }: Listed): Promise<void> {
    const billed = {
      billedCycles: history.length,
      nextPaymentDate: rp.nextPaymentDateUtc ? new Date(rp.nextPaymentDateUtc) : null,
      cyclesRemaining: rp.cyclesRemaining ?? Math.max(0, rp.totalCycles - history.length),
    };
    await this.store.recordBackfilled(rp, billed, {
      key: eventKey("backfill", `recurring-payment:${rp.id}`),
      aggregate: recurringPaymentKey(rp.id),
      kind: "event",
      name: "backfill",
      detail: { ...billed, isActive: rp.isActive },
    });
    await this.advance.run(recurringPaymentKey(rp.id));
  }
}
