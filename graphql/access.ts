// The role matrix (README, Access), one named rule per kind of data; fields and types use these, never ad hoc maps.

/** Any valid token. */
export const anyToken = { readOnly: true } as const;

/** Views over every store (queue health): any role, but not a store-limited token. */
export const everyStore = { allStores: true } as const;

/**
 * Raw events and dead letters (payment and customer payloads of every store): admin and finance, all stores.
 * The role is checked first, so a refusal names the role when the role is what is missing (builder.ts).
 */
export const operationsData = { $all: { $any: { admin: true, finance: true }, $all: { allStores: true } } } as const;

/** The stored nopCommerce order (customer name, e-mail, addresses): not for read-only tokens. */
export const customerData = { admin: true, finance: true, reviewer: true } as const;

/** Changes to the system and everything about access: tokens, the audit trail, replays, secrets. */
export const adminOnly = { admin: true } as const;

/** Moving money back to a customer (the refund mutation) and the refunds of every store: admin and finance. */
export const refundMoney = { $all: { $any: { admin: true, finance: true }, $all: { allStores: true } } } as const;

/** The fraud review queue (signals, scores, the order) and its decisions: reviewers and admins. */
export const riskReview = { admin: true, reviewer: true } as const;

/** The books (payouts, their reconciliation, journal entries, trial balance): finance and admins, all stores. */
export const ledgerData = { $all: { $any: { admin: true, finance: true }, $all: { allStores: true } } } as const;
