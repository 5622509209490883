import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import type { RequestHandler } from "express";
import { createYoga } from "graphql-yoga";
import type { GraphqlContext } from "./context.js";
import { schema } from "./schema.js";

export interface GraphqlOptions {
  context: GraphqlContext;
  /** GraphiQL is served inline (no CDN), so it works with no internet. */
  graphiql: boolean;
}

export function createGraphqlHandler({ context, graphiql }: GraphqlOptions): RequestHandler {
  const yoga = createYoga<Record<string, unknown>>({
    schema,
    graphqlEndpoint: "/graphql",
    graphiql: graphiql ? { title: "nop-stripe-sidecar" } : false,
    renderGraphiQL,
    landingPage: false,
    maskedErrors: true,
    context: () => context,
  });
  // @types/express 5 and yoga's node handler disagree on types only; the runtime contract is the same.
  return yoga as unknown as RequestHandler;
}
