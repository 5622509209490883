import {
  type BridgeEvent,
  bridgeEventPayloadSchemas,
  isBridgeEventType,
} from "@nop-stripe/contract/bridge-event-schemas.js";
import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import { err, ok, type Result } from "../../domain/result.js";
import { PermanentError } from "../../jobs/permanent-error.js";

export interface BridgeEventProblem {
  /** unknown_type: a newer plugin may send types this sidecar does not know; store and skip rather than fail. */
  reason: "unknown_type" | "invalid_payload";
  message: string;
}

export type BridgeEventParseResult = Result<BridgeEvent, BridgeEventProblem>;

/** Parses the payload of a verified envelope by its type; messages name the offending field (payload.order.id). */
export function parseBridgeEvent(type: string, payload: unknown): BridgeEventParseResult {
  if (!isBridgeEventType(type)) return err({ reason: "unknown_type", message: `unknown bridge event type ${type}` });
  const parsed = bridgeEventPayloadSchemas[type].safeParse(payload);
  if (!parsed.success)
    return err({ reason: "invalid_payload", message: `${type}: ${describeZodError(parsed.error, "payload")}` });
  return ok({ type, payload: parsed.data } as BridgeEvent);
}

/** A stored bridge event's payload in the flows' words, or a PermanentError (a payload this contract cannot read). */
export function parseStoredBridgeEvent(event: { type: string; payload: unknown }): BridgeEvent {
  const parsed = parseBridgeEvent(event.type, (event.payload as { payload?: unknown }).payload);
  if (parsed.ok) return parsed.value;
  throw new PermanentError(parsed.error.message, {
    code: "bridge_event_invalid",
    system: "nop",
    suggestion: "check the bridge plugin's contract version",
  });
}
