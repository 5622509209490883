import {
  type BridgeEnvelope,
  bridgeEnvelopeSchema,
  supportedContractMajor,
} from "@nop-stripe/contract/bridge-envelope.js";
import { reject, type Verified } from "./verification-result.js";
import { verifyStandardWebhook } from "./verify-signed-request.js";

export interface BridgeVerifierOptions {
  /** Standard Webhooks secrets (whsec_<base64>); several during a rotation. */
  secrets: () => readonly string[];
  toleranceSeconds: number;
  now?: () => number;
}

export interface SignedHeaders {
  "webhook-id"?: string;
  "webhook-timestamp"?: string;
  "webhook-signature"?: string;
}

/** Verifies a bridge delivery by the Standard Webhooks scheme, then the envelope's shape and version. */
export function verifyBridgeEvent(
  rawBody: Buffer,
  headers: SignedHeaders,
  options: BridgeVerifierOptions,
): Verified<BridgeEnvelope> {
  const signed = verifyStandardWebhook(
    rawBody,
    { ...headers },
    options.secrets(),
    options.toleranceSeconds,
    options.now?.() ?? Date.now(),
  );
  if (!signed.ok) return signed;
  const { id, body } = signed.value;

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return reject("bad_json", "body is not valid JSON");
  }
  const envelope = bridgeEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    const issue = envelope.error.issues[0]!;
    return reject("bad_shape", `bad envelope: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  if (envelope.data.id !== id) return reject("bad_shape", "envelope id differs from the webhook-id header");
  const major = Number(envelope.data.contractVersion.split(".")[0]);
  if (major !== supportedContractMajor)
    return reject(
      "bad_shape",
      `contractVersion ${envelope.data.contractVersion} is not supported (major ${supportedContractMajor})`,
    );
  return { ok: true, value: envelope.data };
}
