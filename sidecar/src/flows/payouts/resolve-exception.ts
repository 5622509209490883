import type { OrderGuid, PayoutId } from "../../domain/ids.js";
import type { ChartOfAccounts } from "../../domain/ledger/chart-of-accounts.js";
import { reconcilePayout } from "../../domain/ledger/reconcile-payout.js";
import { type MatchingPorts, matchTransactions } from "./match-transactions.js";
import type { PayoutsStore } from "./payouts-store.js";
import { type ExceptionRecord, type ResolutionRequest, resolutionEntry } from "./plan-resolution.js";

/** A resolution refused for what the person asked (no such exception, a resolution it does not offer...). */
export class ResolutionRefused extends Error {}

export interface ResolveExceptionPorts extends MatchingPorts {
  store: PayoutsStore;
  chart: ChartOfAccounts;
  /** Re-runs the order's sync (order-to-cash and refunds advance it again). */
  resync(orderGuid: OrderGuid): Promise<void>;
  /** Posts the payout's new entry to the ERP and settles its status (the payout's reconciler). */
  advance(payoutId: PayoutId): Promise<void>;
  today?: () => string;
}

export interface ResolveRequest {
  id: string;
  request: ResolutionRequest;
  note: string | null;
  actor: string;
}

/**
 * Finance closes an exception: link_order and write_off post their entry (`ledger:resolution:<exception id>`)
 * through the same store and ERP path as the payout's; resync re-runs the order's sync, then matches the
 * transaction again and resolves only if the exception is gone. Resolving a resolved exception changes nothing.
 */
export class ResolveException {
  constructor(private readonly ports: ResolveExceptionPorts) {}

  async resolve({ id, request, note, actor }: ResolveRequest): Promise<ExceptionRecord> {
    const { store, chart } = this.ports;
    const exception = await store.exception(id);
    if (!exception) throw new ResolutionRefused(`no reconciliation exception ${id}`);
    if (exception.status !== "open") return exception;
    if (
      request.resolution === "link_order" &&
      (await this.ports.orders.find(orderKeys(request.orderGuid))).length === 0
    )
      throw new ResolutionRefused(`order ${request.orderGuid} is not an order this sidecar knows`);
    const today = this.ports.today?.() ?? new Date().toISOString().slice(0, 10);
    const entry = resolutionEntry(exception, request, chart, today);
    if (!entry.ok) throw new ResolutionRefused(entry.error);
    if (request.resolution === "resync") await this.resyncStillWrong(exception);
    await store.resolve(exception, {
      resolution: request.resolution,
      note,
      resolvedBy: actor,
      entry: entry.value,
      orderGuid: request.resolution === "link_order" ? request.orderGuid : null,
    });
    if (exception.payoutId) await this.ports.advance(exception.payoutId as PayoutId);
    return (await store.exception(id))!;
  }

  /** After the order's sync ran again, the transaction is matched and checked again; still wrong: refused. */
  private async resyncStillWrong(exception: ExceptionRecord): Promise<void> {
    if (!exception.orderGuid || !exception.line)
      throw new ResolutionRefused("only a transaction matched to an order can be re-synced");
    await this.ports.resync(exception.orderGuid);
    const [matched] = await matchTransactions(
      [{ transaction: exception.line, metadataOrderGuid: exception.orderGuid }],
      this.ports,
    );
    const alone = {
      id: exception.payoutId as PayoutId,
      amount: exception.line.net,
      arrivalDate: "",
      status: "paid" as const,
    };
    const still = reconcilePayout(alone, [matched!]).exceptions.filter((e) => e.kind === exception.kind);
    if (still.length > 0) throw new ResolutionRefused(`still ${exception.kind} after the re-sync: ${still[0]!.reason}`);
  }
}

const orderKeys = (orderGuid: OrderGuid) => ({ orderGuids: [orderGuid], paymentIntentIds: [], chargeIds: [] });
