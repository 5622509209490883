import {
  type BridgeEnvelope,
  bridgeEnvelopeSchema,
  supportedContractMajor,
} from "@nop-stripe/contract/bridge-envelope.js";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { reject, timestampProblem, type Verified } from "./verification-result.js";

const verifiers = new Map<string, Webhook>();
/** Decoding a secret is not free; keep one verifier per active secret. */
function verifierFor(secret: string): Webhook {
  let verifier = verifiers.get(secret);
  if (!verifier) {
    verifier = new Webhook(secret);
    verifiers.set(secret, verifier);
  }
  return verifier;
}

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
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signature = headers["webhook-signature"];
  if (!id || !timestamp || !signature)
    return reject("bad_signature", "missing webhook-id, webhook-timestamp or webhook-signature header");
  const problem = timestampProblem(Number(timestamp), options.now?.() ?? Date.now(), options.toleranceSeconds);
  if (problem) return reject("stale_timestamp", problem);

  const body = rawBody.toString("utf8");
  const signed = { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature };
  const verified = options.secrets().some((secret) => {
    try {
      verifierFor(secret).verify(body, signed, { jsonParse: false });
      return true;
    } catch (err) {
      if (err instanceof WebhookVerificationError) return false;
      throw err;
    }
  });
  if (!verified) return reject("bad_signature", "no signature matches any active bridge secret");

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
