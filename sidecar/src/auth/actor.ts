import type { AuditActor } from "../audit/audit-log.js";
import type { ApiRole } from "../generated/prisma/enums.js";

/** Who is calling the API: the verified token's identity, its role and stores, and where the call came from. */
export interface Actor {
  tokenId: string;
  name: string;
  role: ApiRole;
  /** nopCommerce store ids the token may see; empty means every store. */
  storeIds: readonly number[];
  /** The client address as the HTTP edge saw it. */
  origin: string;
}

/** The audit log's view of an API caller. */
export const auditActor = (actor: Actor): AuditActor => ({
  id: `token:${actor.tokenId}`,
  name: actor.name,
  origin: actor.origin,
});

/** True when the token is limited to some stores; such tokens see no global views. */
export const isStoreScoped = (actor: Actor) => actor.storeIds.length > 0;

/** Whether the actor may see data of this store (rows not tied to a store only for all-store tokens). */
export const canSeeStore = (actor: Actor, storeId: number | null) =>
  !isStoreScoped(actor) || (storeId !== null && actor.storeIds.includes(storeId));
