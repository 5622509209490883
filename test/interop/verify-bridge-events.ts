/**
 * Plugin -> sidecar interop: verifies bridge deliveries built and signed by the C# plugin with the sidecar's own
 * verification (verifyBridgeEvent, as POST /bridge/events runs it) and payload parser (parseBridgeEvent).
 *
 * stdin:  { "secret": "whsec_...", "deliveries": [{ "name", "headers": { "webhook-id", ... }, "bodyBase64" }] }
 * stdout: [{ "name", "accepted", "reason", "message", "type", "payload" }]  (payload: the parsed payload when accepted)
 */

import { defaultToleranceSeconds } from "@nop-stripe/contract/standard-webhooks.js";
import { parseBridgeEvent } from "../../sidecar/src/connectors/nop/parse-bridge-event.js";
import { type SignedHeaders, verifyBridgeEvent } from "../../sidecar/src/webhooks/verify-bridge-event.js";
import { answer, readStdinJson } from "./io.js";

interface Input {
  secret: string;
  deliveries: { name: string; headers: SignedHeaders; bodyBase64: string }[];
}

const input = await readStdinJson<Input>();
const options = { secrets: () => [input.secret], toleranceSeconds: defaultToleranceSeconds };

answer(
  input.deliveries.map(({ name, headers, bodyBase64 }) => {
    const verified = verifyBridgeEvent(Buffer.from(bodyBase64, "base64"), headers, options);
    if (!verified.ok) return { name, accepted: false, reason: verified.reason, message: verified.message };
    const parsed = parseBridgeEvent(verified.value.type, verified.value.payload);
    if (!parsed.ok)
      return {
        name,
        accepted: false,
        reason: parsed.error.reason,
        message: parsed.error.message,
        type: verified.value.type,
      };
    return {
      name,
      accepted: true,
      reason: null,
      message: null,
      type: parsed.value.type,
      payload: parsed.value.payload,
    };
  }),
);
