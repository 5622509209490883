import type { InboxHandler } from "../flow-kit/inbox-handler.js";
import type { InboxSource } from "./inbox-event.js";

export type EventHandler = InboxHandler;

/** Routes each (source, type) to the flow that owns it. Flows register here; unknown types are ignored. */
export class EventHandlerRegistry {
  private readonly handlers = new Map<string, EventHandler>();

  on(source: InboxSource, type: string, handler: EventHandler): this {
    const key = `${source}:${type}`;
    if (this.handlers.has(key)) throw new Error(`${key} already has a handler`);
    this.handlers.set(key, handler);
    return this;
  }

  find(source: InboxSource, type: string): EventHandler | undefined {
    return this.handlers.get(`${source}:${type}`);
  }

  /** Every `source:type` with a handler. */
  keys(): string[] {
    return [...this.handlers.keys()];
  }

  get size(): number {
    return this.handlers.size;
  }
}
