import type { CustomerGuid } from "../../domain/ids.js";
import { actionKeys } from "../../flow-kit/action-key.js";

/** The flow's name in the action log and in its locks. */
export const customersFlow = "customers";

/** Every action the flow logs for a customer; its key is `cus:<customer guid>:<name>[:<detail>]`. */
export type CustomerActionName = "create" | "push";

/** Keys of the flow's actions: the idempotency key sent to Stripe and the log row that marks it done. */
export const customerKey = actionKeys<CustomerGuid, CustomerActionName>("cus");

/**
 * What the plan may ask for: `create` the one Stripe customer (keyed by the customer GUID alone, so any two
 * creations of one customer are one), `push` nopCommerce's values of one version onto it.
 */
export type CustomerAction = { kind: "create" } | { kind: "push"; version: number };

export const identify = (action: CustomerAction): string =>
  action.kind === "push" ? `push:${action.version}` : action.kind;
