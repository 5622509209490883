import { createHash } from "node:crypto";
import { canonicalJson } from "@nop-stripe/contract/canonical-json.js";
import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import { verifyWebhook } from "@nop-stripe/contract/standard-webhooks.js";
import { writeBackBasePath, writeBackRoutes } from "@nop-stripe/contract/write-back-routes.js";
import {
  type WriteBackErrorBody,
  type WriteBackErrorCode,
  type WriteBackOperation,
  type WriteBackRequest,
  type WriteBackResponse,
  writeBackSchemas,
} from "@nop-stripe/contract/write-back-schemas.js";
import express, { type Request, type Response, type Router } from "express";
import type { Logger } from "pino";
import type { OpResult } from "./op-result.js";
import type { SimFaults } from "./sim-faults.js";
import type { SimIdempotency } from "./sim-idempotency.js";

export type WriteBackHandlers = {
  [O in WriteBackOperation]: (request: WriteBackRequest<O>) => OpResult<WriteBackResponse<O>>;
};

export interface WriteBackRouterDeps {
  handlers: WriteBackHandlers;
  secrets: () => readonly string[];
  now: () => number;
  toleranceSeconds: number;
  idempotency: SimIdempotency;
  faults: SimFaults;
  logger?: Logger;
}

interface Answer {
  status: number;
  body: unknown;
}

const errorAnswer = (
  status: number,
  code: WriteBackErrorCode,
  message: string,
  rule: string | null = null,
): Answer => ({
  status,
  body: { error: { code, rule, message } } satisfies WriteBackErrorBody,
});

/**
 * The plugin's write-back API as the simulator serves it: verify the Standard Webhooks signature (401), parse
 * (400) and validate (422), replay a write already answered under the same request id, run the nopCommerce rule
 * and answer 200, 404 or 409 with the rule's name.
 */
export function writeBackRouter(deps: WriteBackRouterDeps): Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: "1mb" });
  for (const op of Object.keys(writeBackRoutes) as WriteBackOperation[]) {
    router.post(writeBackBasePath + writeBackRoutes[op].path, raw, async (req: Request, res: Response) => {
      const answer = await handle(deps, op, req).catch((err: unknown) => {
        deps.logger?.error({ err, op }, "nop sim: write-back failed");
        return errorAnswer(500, "internal_error", (err as Error).message);
      });
      res.status(answer.status).json(answer.body);
    });
  }
  router.use(writeBackBasePath, (req, res) => {
    const answer = errorAnswer(404, "not_found", `no write-back operation at ${req.method} ${req.originalUrl}`);
    res.status(answer.status).json(answer.body);
  });
  return router;
}

async function handle(deps: WriteBackRouterDeps, op: WriteBackOperation, req: Request): Promise<Answer> {
  const { latencyMs } = deps.faults.current();
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  const failBefore = deps.faults.take("before");
  if (failBefore) return errorAnswer(failBefore, "unavailable", "injected fault (before applying)");

  const body = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
  const verified = verifyWebhook(deps.secrets(), req.headers, body, {
    now: deps.now,
    toleranceSeconds: deps.toleranceSeconds,
  });
  if (!verified.ok) return errorAnswer(401, "unauthorized", verified.message);

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    return errorAnswer(400, "invalid_json", `body is not JSON: ${(err as Error).message}`);
  }
  const parsed = writeBackSchemas[op].request.safeParse(json);
  if (!parsed.success) return errorAnswer(422, "invalid_request", describeZodError(parsed.error, "request"));

  const isWrite = writeBackRoutes[op].kind === "write";
  const fingerprint = createHash("sha256")
    .update(`${op}\n${canonicalJson(json)}`)
    .digest("hex");
  if (isWrite) {
    const stored = deps.idempotency.get(verified.id);
    if (stored && stored.fingerprint !== fingerprint)
      return errorAnswer(422, "idempotency_key_reused", `request id ${verified.id} was used for a different request`);
    if (stored) return { status: stored.status, body: stored.body };
  }

  const answer = run(deps.handlers, op, parsed.data as WriteBackRequest<typeof op>);
  if (isWrite) deps.idempotency.remember(verified.id, { fingerprint, ...answer });
  const failAfter = deps.faults.take("after");
  if (failAfter) return errorAnswer(failAfter, "unavailable", "injected fault (after applying: the response was lost)");
  return answer;
}

function run<O extends WriteBackOperation>(handlers: WriteBackHandlers, op: O, request: WriteBackRequest<O>): Answer {
  const handler = handlers[op] as (r: WriteBackRequest<O>) => OpResult<WriteBackResponse<O>>;
  const result = handler(request);
  if (result.ok) return { status: 200, body: result.value };
  const { status, code, rule, message } = result.failure;
  return errorAnswer(status, code, message, rule);
}
