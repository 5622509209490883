import SchemaBuilder from "@pothos/core";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin, { type AuthFailure, AuthScopeFailureType } from "@pothos/plugin-scope-auth";
import { Kind, type ValueNode } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import { isStoreScoped } from "../sidecar/src/auth/actor.js";
import { isStorableDate } from "./arguments.js";
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

/** Whether the only scope a refused token lacked is `allStores` (it is store-limited, its role would do). */
function onlyStoreLimit(failure: AuthFailure): boolean {
  const lacked = (f: AuthFailure): string[] => {
    if (f.kind === AuthScopeFailureType.AuthScope) return [f.scope];
    if (f.kind === AuthScopeFailureType.AnyAuthScopes || f.kind === AuthScopeFailureType.AllAuthScopes)
      return f.failures.flatMap(lacked);
    return ["other"];
  };
  const scopes = lacked(failure);
  return scopes.length > 0 && scopes.every((scope) => scope === "allStores");
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
    unauthorizedError: (_parent, _context, info, result) =>
      createGraphQLError(
        `not allowed to use ${info.parentType.name}.${info.fieldName} ${
          onlyStoreLimit(result.failure)
            ? "with a store-limited token: it covers every store"
            : "with this token's role"
        }`,
        { extensions: { code: "FORBIDDEN" } },
      ),
  },
  defaultFieldNullability: false,
  relay: { clientMutationId: "omit", cursorType: "String" },
});

/**
 * A GraphQLError (with the literal's location when there is one), so graphql-js reports it as it is: any other
 * error would be wrapped in a message repeating the value, and masked as unexpected when it comes from a variable.
 */
function parseDateTime(value: unknown, node?: ValueNode): Date {
  const date = typeof value === "string" ? new Date(value) : undefined;
  if (date && isStorableDate(date)) return date;
  throw createGraphQLError("DateTime must be an ISO 8601 string, of a year from 1 to 9999", {
    nodes: node,
    extensions: { code: "BAD_USER_INPUT" },
  });
}

builder.scalarType("DateTime", {
  description: "An instant, as an ISO 8601 string in UTC",
  serialize: (value) => value.toISOString(),
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (node) => parseDateTime(node.kind === Kind.STRING ? node.value : undefined, node),
});

builder.scalarType("JSON", {
  description: "Any JSON value, as stored",
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.queryType({});
builder.mutationType({});
