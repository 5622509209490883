import type { ErpPort } from "../../connectors/erp/erp-port.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import type { WmsPort } from "../../connectors/wms/wms-port.js";
import { type DisputeRules, defaultDisputeRules } from "../../domain/dispute-rules.js";
import { type DisputeId, disputeIdSchema } from "../../domain/ids.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import type { Notifier } from "../../ports/notifier.js";
import type { DisputesPort } from "../../ports/stripe-disputes.js";
import type { OrderPayments } from "../order-to-cash/index.js";
import { SqlDisputesStore } from "./adapters/sql-disputes-store.js";
import { advanceDispute } from "./advance-dispute.js";
import { disputeEventTypes, HandleDisputeEvent } from "./dispute-events.js";
import { advanceDisputeJob, disputeDueSoonJob } from "./jobs.js";

/** The systems the flow talks to, behind the ports it owns, and order-to-cash's read port. */
export interface DisputesPorts {
  disputes: DisputesPort;
  orders: OrderPayments;
  nop: NopPort;
  erp: ErpPort;
  wms: WmsPort;
  notifier: Notifier;
}

export interface DisputesOptions {
  rules: DisputeRules;
  /** The clock the due dates are compared with (tests). */
  now?: () => Date;
}

/** What the composition root (and tests) may call directly. */
export interface Disputes {
  /** Re-runs the flow for one dispute (e.g. after a dead letter was fixed by hand). */
  advance(disputeId: string): Promise<void>;
}

/**
 * Disputes, declared: Stripe's charge.dispute.* webhooks (through the inbox), the due-date timer and the advance
 * job (after an admin approved the evidence). Everything about one dispute converges in `advanceDispute`.
 */
export function registerDisputes(
  host: FlowHost,
  ports: DisputesPorts,
  options: Partial<DisputesOptions> = {},
): Disputes {
  const rules = options.rules ?? defaultDisputeRules;
  const now = options.now ?? (() => new Date());
  const store = new SqlDisputesStore(host.sql, host.actionLog);
  const { failures } = host;
  const enqueue = host.enqueue.bind(host);
  const advance = advanceDispute(host, { ...ports, store, failures, rules, now, enqueue });

  const events = new HandleDisputeEvent(
    ports.disputes,
    store,
    advance,
    enqueue,
    rules,
    (what, fn) => failures.call("stripe", what, fn),
    now,
  );
  for (const type of disputeEventTypes) host.onEvent("stripe", type, events.handle);

  host.onJob(disputeDueSoonJob, ({ disputeId }) => advance.run(disputeId));
  host.onJob(advanceDisputeJob, ({ disputeId }) => advance.run(disputeId));
  return { advance: (id) => advance.run(disputeIdSchema.parse(id) as DisputeId) };
}
