import type { InboxStatus } from "../generated/prisma/enums.js";

export type { InboxStatus };

/**
 * Who sent an event: any name, so a new source (an ERP's callbacks, say) needs no migration. The ones this
 * sidecar receives today are listed for the API that filters by them.
 */
export type InboxSource = string;
export const knownInboxSources = ["stripe", "bridge", "wms"] as const;

/** A verified event on its way into the inbox. */
export interface IncomingEvent {
  source: InboxSource;
  eventId: string;
  type: string;
  occurredAt: Date | undefined;
  payload: Record<string, unknown>;
  /** The body exactly as signed: kept beside the payload, which jsonb may have had to alter. */
  signedBody: Buffer;
}

/** An event as stored: what handlers receive. */
export interface InboxEvent extends Omit<IncomingEvent, "signedBody"> {
  id: string;
  status: InboxStatus;
  receivedAt: Date;
  attempts: number;
}

export interface AcceptedEvent {
  /** The stored event's id: new, or the one stored earlier when this is a redelivery. */
  inboxId: string;
  duplicate: boolean;
}

/** The job that processes one inbox event; its job id is the inbox id. */
export const processInboxJob = "inbox.process";

/** The job for one stored event: its id is the inbox id, so enqueueing it again is a no-op. */
export const inboxJob = (inboxEventId: string) => ({ id: inboxEventId, name: processInboxJob, data: { inboxEventId } });
