import type { InboxHandler } from "../flow-kit/inbox-handler.js";
import type { InboxSource } from "./inbox-event.js";

export type EventHandler = InboxHandler;

/**
 * Routes each (source, type) to the flows that follow it. Flows register here; unknown types are ignored. A type
 * two flows follow (order-to-cash and risk both read `payment_intent.amount_capturable_updated`) runs their
 * handlers in the order they registered, one after the other: each is idempotent, since any event may arrive twice,
 * so a retry after the second failed runs the first again harmlessly.
 */
export class EventHandlerRegistry {
  private readonly handlers = new Map<string, EventHandler[]>();

  on(source: InboxSource, type: string, handler: EventHandler): this {
    const key = `${source}:${type}`;
    const known = this.handlers.get(key) ?? [];
    if (known.includes(handler)) throw new Error(`${key} already has this handler`);
    this.handlers.set(key, [...known, handler]);
    return this;
  }

  find(source: InboxSource, type: string): EventHandler | undefined {
    const handlers = this.handlers.get(`${source}:${type}`);
    if (!handlers) return undefined;
    if (handlers.length === 1) return handlers[0];
    return async (event, context) => {
      for (const handler of handlers) await handler(event, context);
    };
  }

  /** Every `source:type` with a handler. */
  keys(): string[] {
    return [...this.handlers.keys()];
  }

  get size(): number {
    return this.handlers.size;
  }
}
