import express, { type Request, type RequestHandler, type Response } from "express";
import type { z } from "zod";
import { PermanentError } from "../jobs/permanent-error.js";
import { knownSecrets } from "../vault/known-secrets.js";
import { verifyStandardWebhook } from "../webhooks/verify-signed-request.js";

export interface SignedCallOptions {
  /** The secrets a call may be signed with (rotation keeps two). */
  secrets: () => readonly string[];
  toleranceSeconds: number;
}

/**
 * A signed JSON call (Standard Webhooks over the raw body), answered synchronously: 401 for a bad signature, 400
 * for a body that is not JSON, 422 for one that does not fit `schema` or a `PermanentError` (a refusal the caller
 * must not retry), 503 for anything else (retry with the same request id: `run` gets the `webhook-id`, and must
 * be idempotent by it). Returns the handlers to mount: the raw body parser, then the call.
 */
export function signedCall<S extends z.ZodType>(
  options: SignedCallOptions,
  schema: S,
  run: (input: z.output<S>, requestId: string) => Promise<unknown>,
): RequestHandler[] {
  const raw = express.raw({ type: () => true, limit: 256 * 1024 });
  const call = async (req: Request, res: Response) => {
    const verified = verifyStandardWebhook(
      Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      req.headers,
      options.secrets(),
      options.toleranceSeconds,
    );
    if (!verified.ok)
      return void res.status(401).json({ error: { reason: verified.reason, message: verified.message } });
    let json: unknown;
    try {
      json = JSON.parse(verified.value.body);
    } catch {
      return void res.status(400).json({ error: { reason: "bad_json", message: "body is not JSON" } });
    }
    const input = schema.safeParse(json);
    if (!input.success) {
      const issue = input.error.issues[0]!;
      return void res
        .status(422)
        .json({ error: { reason: "bad_shape", message: `${issue.path.join(".") || "(root)"}: ${issue.message}` } });
    }
    try {
      res.status(200).json(await run(input.data, verified.value.id));
    } catch (err) {
      const permanent = err instanceof PermanentError;
      // The message may quote an upstream answer, and an upstream may echo what it was sent.
      const message = knownSecrets.scrub(err instanceof Error ? err.message : String(err));
      res.status(permanent ? 422 : 503).json({ error: { reason: permanent ? "refused" : "unavailable", message } });
    }
  };
  return [raw, call];
}
