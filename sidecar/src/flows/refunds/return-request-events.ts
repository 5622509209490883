import { parseStoredBridgeEvent } from "../../connectors/nop/parse-bridge-event.js";
import type { InboxEvent } from "../../inbox/inbox-event.js";
import type { RequestRefund } from "./request-refund.js";

/** Bridge events about return requests (nopCommerce forwards the insert and each status change). */
export const returnRequestEventTypes = ["return_request.created", "return_request.status_changed"] as const;

/** A return request event -> a refund when, and only when, nopCommerce has it at the approved status. */
export function handleReturnRequestEvent(requests: RequestRefund) {
  return async (event: InboxEvent): Promise<void> => {
    const parsed = parseStoredBridgeEvent(event);
    if (parsed.type !== "return_request.created" && parsed.type !== "return_request.status_changed") return;
    await requests.fromReturnRequest(parsed.payload.returnRequest);
  };
}
