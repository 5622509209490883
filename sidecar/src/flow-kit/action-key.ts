/**
 * The key of one action on one aggregate: the idempotency key sent to the other system, and the action log row
 * that marks the action done. Made only by the builders below, so every flow spells its keys the same way.
 */
export type ActionKey = string & { readonly __brand: "ActionKey" };

/**
 * A flow's key builder: `<prefix>:<aggregate>:<action>[:<detail>...]`, e.g. `o2c:<order guid>:mark-paid` or
 * `o2c:<order guid>:decline:<charge id>`. The aggregate id is a branded id made once at the edge (lower-cased
 * where the other system's case varies), so two spellings of one aggregate never make two keys.
 */
export function actionKeys<Aggregate extends string, Action extends string>(prefix: string) {
  return (aggregate: Aggregate, action: Action, ...details: string[]): ActionKey =>
    [prefix, aggregate, action, ...details].join(":") as ActionKey;
}

/** The log key of an event seen: once per (source, event id), whichever aggregate it is about. */
export const eventKey = (source: string, eventId: string): ActionKey => `event:${source}:${eventId}` as ActionKey;
