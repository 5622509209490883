import type { CustomerGuid } from "../../domain/ids.js";
import { actionKeys } from "../../flow-kit/action-key.js";

/** The flow's name in the action log and in its locks. */
export const customersFlow = "customers";

/** Every action the flow logs for a customer; its key is `cus:<customer guid>:<name>[:<detail>]`. */
export type CustomerActionName = "create" | "sync";

/** Keys of the flow's actions: the idempotency key sent to Stripe and the log row that marks it done. */
export const customerKey = actionKeys<CustomerGuid, CustomerActionName>("cus");

/**
 * What the plan may ask for: `create` the one Stripe customer (keyed by the customer GUID alone, so any two
 * creations of one customer are one), `sync` both sides field by field (a nop version, a Stripe change, or both).
 */
export type CustomerAction = { kind: "create" } | { kind: "sync"; version: number; stripeChangedAt: number | null };

export const identify = (action: CustomerAction): string =>
  action.kind === "sync" ? `sync:${action.version}:${action.stripeChangedAt ?? ""}` : action.kind;
