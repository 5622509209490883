import type { Request, RequestHandler, Response } from "express";
import type { ReportApiRefusal } from "../observability/refusal-reports.js";
import { type Actor, isStoreScoped } from "./actor.js";
import type { ApiTokens } from "./api-tokens.js";
import { createTokenCommand, createTokenMutation, whenTheCliRuns } from "./token-advice.js";

/** How a refusal is written: GraphQL clients expect `errors`, the other routes the `error` object they use. */
export type RefusalShape = "graphql" | "json";

export interface RequireTokenOptions {
  shape: RefusalShape;
  /** Requests that need no token (the GraphiQL page itself, which holds no data). */
  openWhen?: (req: Request) => boolean;
  /** Views that are not per store refuse store-limited tokens. */
  allStores?: boolean;
  /** Counts and logs each refusal (never the token). */
  reportRefusal?: ReportApiRefusal;
}

const bearer = /^Bearer +(\S+) *$/i;
const realm = 'Bearer realm="nop-stripe-sidecar"';

/** The caller the middleware verified for this request, if any. */
export const actorOf = (res: Response): Actor | undefined => res.locals.actor as Actor | undefined;

function refuse(res: Response, status: 401 | 403, shape: RefusalShape, code: string, message: string) {
  // RFC 6750: a missing token gets the bare challenge, a rejected one says so.
  if (status === 401)
    res.setHeader("WWW-Authenticate", code === "invalid_token" ? `${realm}, error="invalid_token"` : realm);
  const reason = status === 401 ? "unauthenticated" : "forbidden";
  res
    .status(status)
    .json(
      shape === "graphql"
        ? { errors: [{ message, extensions: { code: status === 401 ? "UNAUTHENTICATED" : "FORBIDDEN" } }] }
        : { error: { reason, message } },
    );
}

/** What a caller without a token is told, GraphiQL users included (the page itself opens without one). */
export const authenticationRequired =
  "authentication required: send Authorization: Bearer <token> (in GraphiQL, open the signed-in link the first " +
  'start printed, or add it under Headers as {"Authorization": "Bearer <token>"}). An admin makes tokens while ' +
  `the sidecar runs with ${createTokenMutation}, or with \`${createTokenCommand()}\` (on PostgreSQL ` +
  `${whenTheCliRuns(false)}; on the embedded database ${whenTheCliRuns(true)})`;

/**
 * `Authorization: Bearer <token>` or nothing runs: 401 with a challenge when the token is missing, unknown,
 * revoked or expired. The verified caller is left in res.locals for the handlers (see actorOf).
 */
export function requireToken(tokens: ApiTokens, options: RequireTokenOptions): RequestHandler {
  return async (req, res, next) => {
    if (options.openWhen?.(req)) return next();
    const address = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const refused = (status: 401 | 403, code: string, message: string) => {
      options.reportRefusal?.(
        req.baseUrl || req.path,
        status === 401 ? "unauthenticated" : "forbidden",
        address,
        message,
      );
      refuse(res, status, options.shape, code, message);
    };
    const header = req.headers.authorization;
    const presented = header ? bearer.exec(header)?.[1] : undefined;
    if (!presented) return refused(401, "missing", authenticationRequired);
    const actor = await tokens.verify(presented, address);
    if (!actor) return refused(401, "invalid_token", "the token is unknown, revoked or expired");
    if (options.allStores && isStoreScoped(actor))
      return refused(403, "forbidden", "this route covers every store: a store-limited token may not use it");
    res.locals.actor = actor;
    next();
  };
}

/** Mirrors graphql-yoga's own test for serving GraphiQL instead of executing (a browser's GET). */
export const wantsGraphiqlPage = (req: Request) =>
  req.method === "GET" && (req.headers.accept ?? "").includes("text/html");

/** The token checks of the HTTP edge: GraphQL (its browser page open when GraphiQL is on) and admin routes. */
export function tokenGuards(tokens: ApiTokens, options: { graphiql: boolean; reportRefusal?: ReportApiRefusal }) {
  const { reportRefusal } = options;
  return {
    graphql: requireToken(tokens, {
      shape: "graphql",
      reportRefusal,
      ...(options.graphiql ? { openWhen: wantsGraphiqlPage } : {}),
    }),
    admin: requireToken(tokens, { shape: "json", allStores: true, reportRefusal }),
  };
}
