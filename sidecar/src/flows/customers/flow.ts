import { RequestPacer } from "../../backfill/request-pacer.js";
import type { NopPort } from "../../connectors/nop/nop-port.js";
import { defaultFieldOwnership, type FieldOwnership } from "../../domain/customers/field-ownership.js";
import { type CustomerGuid, customerGuid, type StripeCustomerId } from "../../domain/ids.js";
import type { FlowHost } from "../../flow-kit/flow-host.js";
import { scheduleEvery } from "../../flow-kit/scheduled-job.js";
import type { StripeCustomerLinks } from "../../ports/customer-links.js";
import type { CardOnFile, CustomersPort } from "../../ports/stripe.js";
import { SqlCustomerDriftStore } from "./adapters/sql-customer-drift-store.js";
import { SqlCustomersStore } from "./adapters/sql-customers-store.js";
import { type AdvanceCustomer, advanceCustomer } from "./advance-customer.js";
import { type BackfillRun, CustomerBackfill } from "./backfill.js";
import { customerEventTypes, HandleCustomerEvent } from "./customer-events.js";
import type { BackfillCheckpoint } from "./customers-store.js";
import { type CustomerDriftReport, checkCustomerDrift } from "./drift-check.js";
import { backfillJob, driftCheckJob } from "./jobs.js";
import { CustomersReadModel } from "./read-model.js";
import { HandleStripeCustomerEvent, stripeCustomerEventTypes } from "./stripe-customer-events.js";
import { LinkMaker } from "./stripe-customer-links.js";

export interface CustomersPorts {
  customers: CustomersPort;
  nop: Pick<NopPort, "listCustomers" | "getCustomer" | "updateCustomer">;
}

export interface CustomersOptions {
  /** Stripe requests per second of a backfill: Stripe's limit is 25 in test mode, 100 live. */
  backfillPerSecond: number;
  /** Which system owns which field (domain/customers/field-ownership.ts); unset: the documented default. */
  ownership?: FieldOwnership;
  /** How often the drift check runs (ms); 0: never scheduled (an admin or a test runs it by hand). */
  driftCheckEveryMs?: number;
}

/** What the composition root, GraphQL, the CLI and other flows may call. */
export interface Customers {
  /** Order-to-cash's port: a customer's one Stripe customer. */
  links: StripeCustomerLinks;
  /** Stripe requests per second a backfill sends unless told otherwise. */
  readonly backfillPerSecond: number;
  /** Brings existing customers across, resumable by name, at the configured rate. */
  backfill(run?: BackfillRun & { perSecond?: number }): Promise<BackfillCheckpoint>;
  /** What GraphQL shows. */
  view: CustomersReadModel;
  /** Starts (or resumes) a backfill as a job; its progress is its checkpoint. */
  startBackfill(run: { name: string; pageSize: number }): Promise<void>;
  checkpoint(name: string): Promise<BackfillCheckpoint | undefined>;
  /** Re-runs the flow for one customer. */
  advance(customerGuid: string): Promise<void>;
  /** Compares every linked customer in nopCommerce with its Stripe customer now; the rows are in `view.drifts`. */
  checkDrift(): Promise<CustomerDriftReport>;
  /** The customer's saved cards as Stripe holds them now: brand, last four, expiry (none: no such customer). */
  cards(
    stripeCustomerId: StripeCustomerId,
    page: { after?: string; limit: number },
  ): Promise<{ cards: CardOnFile[]; hasMore: boolean }>;
}

/**
 * Customers, declared: nopCommerce's customer.registered / customer.updated (through the inbox) make and update
 * the customer's one Stripe customer; order-to-cash asks for it through `links`; a backfill brings existing
 * customers across. Everything about one customer converges in `advanceCustomer`.
 */
export function registerCustomers(host: FlowHost, ports: CustomersPorts, options: CustomersOptions): Customers {
  const store = new SqlCustomersStore(host.sql, host.flow);
  const stripeCall = <T>(what: string, fn: () => Promise<T>) => host.failures.call("stripe", what, fn);
  const nopCall = <T>(what: string, fn: () => Promise<T>) => host.failures.call("nop", what, fn);
  // Links made for orders take the reconciler's lock on the customer: one creation per customer at a time.
  const exclusive = <T>(guid: CustomerGuid, work: () => Promise<T>): Promise<T> => advance.exclusive(guid, work);
  const linksWith = (call: typeof stripeCall): LinkMaker => new LinkMaker(ports.customers, store, call, exclusive);
  const advanceWith = (call: typeof stripeCall): AdvanceCustomer =>
    advanceCustomer(host, {
      customers: ports.customers,
      nop: ports.nop,
      store,
      links: linksWith(call),
      ownership: options.ownership ?? defaultFieldOwnership,
      call,
      nopCall,
    });
  const advance: AdvanceCustomer = advanceWith(stripeCall);
  const links = linksWith(stripeCall);

  const events = new HandleCustomerEvent(store, advance);
  for (const type of customerEventTypes) host.onEvent("bridge", type, events.handle);
  const stripeEvents = new HandleStripeCustomerEvent(store, advance);
  for (const type of stripeCustomerEventTypes) host.onEvent("stripe", type, stripeEvents.handle);

  // Bulk work (a backfill, the drift check) shares Stripe's rate limit with everything else: paced to a rate.
  const pacedCall = (perSecond: number): typeof stripeCall => {
    const pacer = new RequestPacer(perSecond);
    return async (what, fn) => {
      await pacer.take();
      return stripeCall(what, fn);
    };
  };
  const backfill: Customers["backfill"] = (run = {}) => {
    const paced = pacedCall(run.perSecond ?? options.backfillPerSecond);
    return new CustomerBackfill(ports.nop, store, advanceWith(paced), nopCall).run(run);
  };
  host.onJob(backfillJob, async (run) => {
    await backfill(run);
  });

  const checkDrift = () =>
    checkCustomerDrift({
      drifts: new SqlCustomerDriftStore(host.sql),
      store,
      customers: ports.customers,
      nop: ports.nop,
      call: pacedCall(options.backfillPerSecond),
      nopCall,
      advance,
    });
  scheduleEvery(host, driftCheckJob, options.driftCheckEveryMs ?? 0, checkDrift);

  return {
    links,
    view: new CustomersReadModel(host.sql),
    backfill,
    startBackfill: (run) => host.enqueue([backfillJob.with(run, { idParts: [run.name, String(Date.now())] })]),
    checkpoint: (name) => store.checkpoint(name),
    backfillPerSecond: options.backfillPerSecond,
    advance: (guid) => advance.run(customerGuid(guid)),
    checkDrift,
    cards: async (id, page) => {
      const listed = await stripeCall("list the saved cards", () => ports.customers.cards(id, page));
      return listed.ok ? listed.value : { cards: [], hasMore: false };
    },
  };
}
