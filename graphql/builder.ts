import SchemaBuilder from "@pothos/core";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { createGraphQLError } from "graphql-yoga";
import { isStoreScoped } from "../sidecar/src/auth/actor.js";
import type { GraphqlContext } from "./context.js";

/**
 * Authorization scopes, from the caller's token. A field lists the scopes that may use it (any one suffices):
 * `authScopes: { admin: true, finance: true }`. `readOnly` is any valid token; `allStores` is a token not
 * limited to some stores (needed for views that are not per store). The role matrix is in README.md (Access).
 */
export interface AuthScopes {
  admin: boolean;
  finance: boolean;
  reviewer: boolean;
  readOnly: boolean;
  allStores: boolean;
}

export const builder = new SchemaBuilder<{
  Context: GraphqlContext;
  AuthScopes: AuthScopes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  scopeAuth: {
    // Every request that reaches GraphQL has a verified caller (the HTTP edge answers 401 otherwise).
    authScopes: ({ actor }) => ({
      admin: actor.role === "admin",
      finance: actor.role === "finance",
      reviewer: actor.role === "reviewer",
      readOnly: true,
      allStores: !isStoreScoped(actor),
    }),
    // A GraphQL error (not masked), so the client learns why the field is null; no data is resolved.
    unauthorizedError: (_parent, _context, info) =>
      createGraphQLError(`not allowed to use ${info.parentType.name}.${info.fieldName} with this token's role`, {
        extensions: { code: "FORBIDDEN" },
      }),
  },
  defaultFieldNullability: false,
  relay: { clientMutationId: "omit", cursorType: "String" },
});

builder.scalarType("DateTime", {
  description: "An instant, as an ISO 8601 string in UTC",
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError("DateTime must be an ISO 8601 string");
    return date;
  },
});

builder.scalarType("JSON", {
  description: "Any JSON value, as stored",
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.queryType({});
builder.mutationType({});
