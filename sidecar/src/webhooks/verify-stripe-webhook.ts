import Stripe from "stripe";
import { z } from "zod";
import { reject, timestampProblem, type Verified } from "./verification-result.js";

/** What the inbox needs of a Stripe event; everything else is kept as delivered. */
const stripeEventSchema = z.looseObject({
  id: z.string().regex(/^evt_\w+$/, "id must be a Stripe event id (evt_...)"),
  object: z.literal("event"),
  type: z.string().min(1).max(200),
  created: z.number().int().positive(),
  livemode: z.boolean(),
  data: z.looseObject({ object: z.looseObject({}) }),
});

export type StripeEvent = z.infer<typeof stripeEventSchema>;

export interface StripeVerifierOptions {
  /** Every active endpoint secret; during a rotation both the old and the new one. */
  secrets: () => readonly string[];
  toleranceSeconds: number;
  now?: () => number;
}

/** Verifies the Stripe-Signature header on the raw body with stripe-node, then checks the event's shape. */
export function verifyStripeWebhook(
  rawBody: Buffer,
  header: string | undefined,
  options: StripeVerifierOptions,
): Verified<StripeEvent> {
  if (!header) return reject("bad_signature", "missing Stripe-Signature header");
  // Stripe sends one t=; with several, the one checked here might not be the one stripe-node verifies.
  const timestamps = [...header.matchAll(/(?:^|,)\s*t=([^,]*)/g)].map((m) => m[1]!.trim());
  if (timestamps.length !== 1 || !/^\d+$/.test(timestamps[0]!))
    return reject("bad_signature", "Stripe-Signature header must carry exactly one timestamp (t=<seconds>)");
  const timestamp = timestamps[0]!;
  const now = options.now?.() ?? Date.now();
  const problem = timestampProblem(Number(timestamp), now, options.toleranceSeconds);
  if (problem) return reject("stale_timestamp", problem);

  let parsed: unknown;
  let signatureMatched = false;
  for (const secret of options.secrets()) {
    try {
      parsed = Stripe.webhooks.constructEvent(rawBody, header, secret, options.toleranceSeconds, undefined, now / 1000);
      signatureMatched = true;
      break;
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) continue;
      signatureMatched = true; // signature fine, body is not JSON
      return reject("bad_json", "body is not valid JSON");
    }
  }
  if (!signatureMatched) return reject("bad_signature", "no v1 signature matches any active endpoint secret");

  const event = stripeEventSchema.safeParse(parsed);
  if (!event.success) {
    const issue = event.error.issues[0]!;
    return reject("bad_shape", `not a Stripe event: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return { ok: true, value: event.data };
}
