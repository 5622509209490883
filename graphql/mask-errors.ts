import type { GraphQLError } from "graphql";
import { createGraphQLError, maskError } from "graphql-yoga";
import { isDataException } from "../sidecar/src/db/data-exception.js";

// By tag: resolvers' errors may come from another copy of graphql than this module's.
const isGraphQLError = (error: unknown): error is GraphQLError =>
  Object.prototype.toString.call(error) === "[object GraphQLError]";

const rootCause = (error: unknown): unknown =>
  isGraphQLError(error) && error.originalError ? rootCause(error.originalError) : error;

/**
 * Yoga's masking (an unexpected error is "Unexpected error.", logged), except that data the database refused is
 * the client's: BAD_USER_INPUT "invalid argument". A safety net behind the argument checks (argument-checks.ts),
 * which name the argument; it is logged all the same, as a check to add.
 */
export const maskUnexpectedErrors = (error: unknown, message: string, isDev?: boolean): Error => {
  const masked = maskError(error, message, isDev);
  if (masked === error || !isDataException(rootCause(error))) return masked;
  const { nodes, source, positions, path } = masked as GraphQLError;
  return createGraphQLError("invalid argument", {
    nodes,
    source,
    positions,
    path,
    extensions: { code: "BAD_USER_INPUT" },
  });
};
