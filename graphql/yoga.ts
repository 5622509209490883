import type { RequestHandler } from "express";
import { createYoga } from "graphql-yoga";
import type { Logger } from "../sidecar/src/logger.js";
import { graphiqlDefaultQuery } from "./graphiql-default-query.js";
import { renderGraphiqlWithFragmentToken } from "./graphiql-token.js";
import { type GraphqlLimits, graphqlHardening } from "./hardening.js";
import { maskUnexpectedErrors } from "./mask-errors.js";
import { type BaseContext, type ExpressServerContext, requestContext } from "./request-context.js";
import { schema } from "./schema.js";
import { yogaLogger } from "./yoga-logger.js";

export interface GraphqlOptions {
  /** Shared by every request; each request adds its verified caller (request-context.ts). */
  context: BaseContext;
  /** GraphiQL is served inline (no CDN), so it works with no internet. */
  graphiql: boolean;
  /** Depth, cost, alias, token and time limits, introspection on or off (see hardening.ts). */
  limits: GraphqlLimits;
  /** Where Yoga's own log lines go (unexpected errors above all). */
  logger: Logger;
}

export function createGraphqlHandler({ context, graphiql, limits, logger }: GraphqlOptions): RequestHandler {
  const yoga = createYoga<ExpressServerContext>({
    schema,
    graphqlEndpoint: "/graphql",
    // Headers typed into GraphiQL (tokens) are not kept in the browser's localStorage.
    graphiql: graphiql
      ? { title: "nop-stripe-sidecar", shouldPersistHeaders: false, defaultQuery: graphiqlDefaultQuery }
      : false,
    renderGraphiQL: renderGraphiqlWithFragmentToken,
    landingPage: false,
    maskedErrors: { maskError: maskUnexpectedErrors },
    logging: yogaLogger(logger),
    context: requestContext(context),
    plugins: graphqlHardening(limits),
  });
  // @types/express 5 and yoga's node handler disagree on types only; the runtime contract is the same.
  return yoga as unknown as RequestHandler;
}
