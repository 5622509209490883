import type { NopReturnRequest } from "@nop-stripe/contract/nop-entities.js";
import type { ErpPort } from "../../connectors/erp/erp-port.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { OrderGuid } from "../../domain/ids.js";
import type { Money } from "../../domain/money.js";
import { defaultRefundRules, type RefundRules } from "../../domain/refund-rules.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { Notifier } from "../../ports/notifier.js";
import type { RefundEventsPort, RefundsPort } from "../../ports/stripe-refunds.js";
import type { OrderPayments } from "../order-to-cash/index.js";
import { SqlRefundsStore } from "./adapters/sql-refunds-store.js";
import { advanceRefunds } from "./advance-refunds.js";
import { advanceRefundsJob } from "./jobs.js";
import { RefundsReadModel, type RefundView } from "./read-model.js";
import { type AdminRefunds, refundsRoutes } from "./refunds-routes.js";
import { type ItemsRequest, RefundRefusedError, RequestRefund } from "./request-refund.js";
import { handleReturnRequestEvent, returnRequestEventTypes } from "./return-request-events.js";
import { handleRefundEvent, refundEventTypes } from "./stripe-refund-events.js";

/** The systems the flow talks to, behind the ports it owns, and order-to-cash's read port. */
export interface RefundsPorts {
  refunds: RefundsPort;
  refundEvents: RefundEventsPort;
  nop: NopPort;
  erp: ErpPort;
  notifier: Notifier;
  orders: OrderPayments;
}

export interface RefundsOptions {
  rules?: RefundRules;
  /** Standard Webhooks secrets the bridge plugin signs payment calls with (BRIDGE_SECRETS). */
  bridgeSecrets: () => readonly string[];
  toleranceSeconds?: number;
}

/** What GraphQL and tests may call; the admin's Refund / Partial refund and currencyOf as the route has them. */
export interface Refunds extends AdminRefunds {
  /**
   * GraphQL's `refund`: an amount, or chosen items (the amount computed as a return's; with both, they must agree).
   * `requestId` makes a retried mutation the same refund.
   */
  refund(request: {
    orderGuid: OrderGuid;
    amount?: Money;
    items?: ItemsRequest;
    reason: string | null;
    requestId: string;
    actor: string;
  }): Promise<RefundView>;
  /** What a return request event does (the bridge's return_request.* handler). */
  returnRequestSeen(returnRequest: NopReturnRequest): Promise<void>;
  advance(orderGuid: OrderGuid): Promise<void>;
  readModel: RefundsReadModel;
}

/**
 * Refunds, declared: return requests reaching their approved status (bridge events), Stripe's refund webhooks (ours
 * and the dashboard's), the plugin's admin Refund call, and GraphQL. Every refund of an order converges in
 * `advanceRefunds`, one run per order at a time.
 */
export function registerRefunds(host: FlowHost, ports: RefundsPorts, options: RefundsOptions): Refunds {
  const rules = options.rules ?? defaultRefundRules;
  const store = new SqlRefundsStore(host.sql, host.actionLog, ports.orders);
  const { failures } = host;
  const advance = advanceRefunds(
    host,
    { store, refunds: ports.refunds, nop: ports.nop, erp: ports.erp, notifier: ports.notifier, failures },
    rules,
  );
  const requests = new RequestRefund({ store, nop: ports.nop, advance, failures, rules });

  // Events.
  const returns = handleReturnRequestEvent(requests);
  for (const type of returnRequestEventTypes) host.onEvent("bridge", type, returns);
  const stripeCall = <T>(what: string, fn: () => Promise<T>) => failures.call("stripe", what, fn);
  const refundEvents = handleRefundEvent(ports.refundEvents, ports.refunds, ports.orders, requests, stripeCall);
  for (const type of refundEventTypes) host.onEvent("stripe", type, refundEvents);

  // Jobs.
  host.onJob(advanceRefundsJob, ({ orderGuid }) => advance.run(orderGuid));

  /** A person's refund: once Stripe has it, the answer stands even if the other systems must wait (a job retries). */
  const byPerson = async (request: Parameters<RequestRefund["fromPerson"]>[0]) => {
    try {
      return await requests.fromPerson(request);
    } catch (error) {
      const stored = await store.get(request.key);
      if (error instanceof RefundRefusedError || !stored?.stripeRefundId) throw error;
      const { orderGuid } = request;
      await host.enqueue([advanceRefundsJob.with({ orderGuid }, { idParts: [orderGuid, request.key] })]);
      return stored;
    }
  };
  const readModel = new RefundsReadModel(store, host.actionLog);
  const refunds: Refunds = {
    adminRefund: async ({ orderGuid, amount, requestId, partial }) => {
      const refund = await byPerson({
        key: `admin:${requestId}`,
        orderGuid,
        origin: "admin",
        amount,
        reason: partial ? "nopCommerce admin: partial refund" : "nopCommerce admin: refund",
        requestedBy: "nopCommerce admin",
      });
      if (refund.state === "refused")
        throw new RefundRefusedError(`Stripe refused the refund: ${refund.failureReason}`, "stripe_refused");
      return refund;
    },
    refund: async ({ orderGuid, amount, items, reason, requestId, actor }) => {
      const key = `graphql:${requestId}`;
      await byPerson({
        key,
        orderGuid,
        origin: "graphql",
        ...(amount ? { amount } : {}),
        ...(items ? { items } : {}),
        reason,
        requestedBy: actor,
      });
      return (await readModel.forOrder(orderGuid)).find((view) => view.key === key)!;
    },
    returnRequestSeen: (rr) => requests.fromReturnRequest(rr),
    currencyOf: async (orderGuid) => {
      const order = await ports.orders.byOrder(orderGuid);
      return order?.amountReceived?.currency ?? order?.total?.currency;
    },
    advance: (orderGuid) => advance.run(orderGuid),
    readModel,
  };

  // Routes.
  host.addRoutes(
    refundsRoutes(refunds, { secrets: options.bridgeSecrets, toleranceSeconds: options.toleranceSeconds ?? 300 }),
  );
  return refunds;
}
