import type { ErpPort } from "../../connectors/erp/erp-port.js";
import type { ChartOfAccounts } from "../../domain/ledger/chart-of-accounts.js";
import { type BalancedEntry, reversingEntry } from "../../domain/ledger/journal-entry.js";
import { arrivalEntries, pageEntries, transferEntries } from "../../domain/ledger/payout-entries.js";
import { payoutReconciler } from "../../domain/ledger/reconcile-payout.js";
import type { Result } from "../../domain/result.js";
import type { LogEntry } from "../../flow-kit/action-log.js";
import type { ConnectorFailures } from "../../flow-kit/connector-failures.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { PayoutsPort } from "../../ports/stripe-payouts.js";
import { type MatchingPorts, matchTransactions } from "./match-transactions.js";
import { type PayoutAction, type PayoutActionName, payoutKey } from "./payout-actions.js";
import type { PayoutState, PayoutsStore } from "./payouts-store.js";
import { arrivalKey } from "./plan-payout.js";

export interface PayoutExecutorPorts extends MatchingPorts {
  store: PayoutsStore;
  stripe: Pick<PayoutsPort, "transactionsPage">;
  erp: Pick<ErpPort, "postJournalEntry">;
  failures: ConnectorFailures;
  chart: ChartOfAccounts;
}

/** Stripe's largest page: the entry keys name the page, so the payout must always be paged the same way. */
export const PAGE_SIZE = 100;

/** Performs one planned action under its key, stores what changed with its log entry, returns the state after it. */
export class PayoutActionExecutor {
  constructor(private readonly ports: PayoutExecutorPorts) {}

  readonly execute = async (action: PayoutAction, state: PayoutState): Promise<PayoutState> => {
    switch (action.name) {
      case "reconcile-page":
        await this.reconcilePage(state, action.page);
        break;
      case "arrive":
        await this.addEntries(state, "arrive", entriesOrThrow(arrivalEntries(state.payout, this.ports.chart)));
        break;
      case "reverse-arrival":
        await this.reverseArrival(state);
        break;
      case "post-entry":
        await this.post(state, action.entryKey);
        break;
      case "set-status":
        await this.ports.store.setProgress(state.payout.id, action.status);
        break;
    }
    return (await this.ports.store.load(state.payout.id))!;
  };

  /** One page in flat memory: fetch, match, reconcile from the stored snapshot, journal; the last page finishes. */
  private async reconcilePage(state: PayoutState, page: number): Promise<void> {
    const { payout } = state;
    const { stripe, failures, chart } = this.ports;
    const fetched = await failures.call("stripe", "list the payout's balance transactions", () =>
      stripe.transactionsPage(payout.id, state.cursor, PAGE_SIZE),
    );
    const transactions = await matchTransactions(fetched.transactions, this.ports);
    const reconciler = payoutReconciler(payout, state.reconciler ?? undefined);
    const exceptions = reconciler.add(transactions);
    const entries = entriesOrThrow(pageEntries(payout, page, transactions, chart));
    let finished = null;
    if (!fetched.hasMore) {
      const end = reconciler.finish();
      exceptions.push(...end.exceptions);
      entries.push(...entriesOrThrow(transferEntries(payout, end.residual, chart)));
      finished = { categories: end.categories, residual: end.residual };
    }
    await this.ports.store.savePage({
      payoutId: payout.id,
      page,
      cursor: transactions.at(-1)?.transaction.id ?? state.cursor,
      transactions,
      reconciler: reconciler.snapshot(),
      exceptions,
      entries,
      finished,
      log: this.log(
        state,
        "reconcile-page",
        { page, transactions: transactions.length, last: !fetched.hasMore },
        `${page}`,
      ),
    });
  }

  /** A paid payout failed or was canceled later: the stored arrival mirrored, dated when Stripe's news came. */
  private async reverseArrival(state: PayoutState): Promise<void> {
    const arrival = await this.ports.store.entry(arrivalKey(state));
    if (!arrival) throw new Error(`payout ${state.payout.id}: no arrival entry to reverse`);
    const today = new Date().toISOString().slice(0, 10);
    await this.addEntries(state, "reverse-arrival", [reversingEntry(arrival, `payout ${state.payout.status}`, today)]);
  }

  private async post(state: PayoutState, key: string): Promise<void> {
    const entry = await this.ports.store.entry(key);
    if (!entry) throw new Error(`entry ${key} is not stored`);
    const posted = await this.ports.failures.call("erp", "post the journal entry to the general ledger", () =>
      this.ports.erp.postJournalEntry(
        {
          reference: state.payout.id,
          date: entry.date,
          memo: entry.memo,
          lines: entry.lines.map((l) => ({
            account: l.account,
            ...(l.debit ? { debit: l.debit.amount } : { credit: l.credit!.amount }),
            currency: (l.debit ?? l.credit)!.currency.toUpperCase(),
            memo: l.memo,
          })),
        },
        key,
      ),
    );
    await this.ports.store.markPosted(
      key,
      posted.id,
      this.log(state, "post-entry", { entryKey: key, erpEntryId: posted.id }, key),
    );
  }

  private addEntries(state: PayoutState, name: PayoutActionName, entries: BalancedEntry[]): Promise<void> {
    return this.ports.store.addEntries(
      state.payout.id,
      entries,
      this.log(state, name, { entries: entries.map((e) => e.key) }),
    );
  }

  private log(
    state: PayoutState,
    name: PayoutActionName,
    detail: Record<string, unknown>,
    ...parts: string[]
  ): LogEntry {
    return {
      key: payoutKey(state.payout.id, name, ...parts),
      aggregate: state.payout.id,
      kind: "action",
      name,
      detail,
    };
  }
}

/** An entry the ledger refuses is a bug or a chart that does not fit: nothing a retry fixes. */
function entriesOrThrow(made: Result<BalancedEntry[], { message: string }>): BalancedEntry[] {
  if (made.ok) return made.value;
  throw new PermanentError(`the payout's journal entry was refused: ${made.error.message}`, {
    code: "ledger_entry_refused",
    suggestion: "check the chart of accounts (CHART_OF_ACCOUNTS) and the payout's transactions",
  });
}
