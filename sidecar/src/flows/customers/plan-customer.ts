import type { CustomerAction } from "./customer-actions.js";
import type { CustomerState } from "./customers-store.js";

/** A registered customer: nopCommerce's own test (guests are never synchronised). */
export const isRegistered = (roles: readonly string[]) => roles.includes("Registered");

/**
 * Pure: what is still to do for one registered customer. Its Stripe customer once; then a sync whenever nop has
 * a version newer than the last synced one (an older one never counts) or Stripe changed since. A customer known
 * only from an order (order-to-cash's link) or a guest has nothing planned.
 */
export function planCustomer(state: CustomerState): CustomerAction[] {
  const { nop, link, pushedVersion, stripeChangedAt } = state;
  if (!nop || !isRegistered(nop.customer.customerRoleSystemNames)) return [];
  if (!link) return [{ kind: "create" }];
  if (pushedVersion === null || pushedVersion < nop.version || stripeChangedAt !== null)
    return [{ kind: "sync", version: nop.version, stripeChangedAt }];
  return [];
}
