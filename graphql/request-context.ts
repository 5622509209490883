import type { Request, Response } from "express";
import { createGraphQLError } from "graphql-yoga";
import { actorOf, authenticationRequired } from "../sidecar/src/auth/require-token.js";
import type { GraphqlContext } from "./context.js";

/** What the composition root provides once; each request adds its verified caller. */
export type BaseContext = Omit<GraphqlContext, "actor">;

/** graphql-yoga mounted in express receives the request and response as its server context. */
export interface ExpressServerContext {
  req: Request;
  res: Response;
}

/**
 * The per-request context. The HTTP edge has verified the token before GraphQL runs; without a caller (only
 * the GraphiQL page gets past the edge without one) nothing executes.
 */
export const requestContext =
  (base: BaseContext) =>
  ({ res }: ExpressServerContext): GraphqlContext => {
    const actor = actorOf(res);
    if (!actor)
      throw createGraphQLError(authenticationRequired, {
        extensions: { code: "UNAUTHENTICATED", http: { status: 401, headers: { "WWW-Authenticate": "Bearer" } } },
      });
    return { ...base, actor };
  };
