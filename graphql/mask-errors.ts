import type { GraphQLError } from "graphql";
import { createGraphQLError, maskError } from "graphql-yoga";

type Coded = { code?: unknown; cause?: Coded; meta?: { driverAdapterError?: Coded } } | null | undefined;

/**
 * PostgreSQL refused a value: SQLSTATE class 22, data exception (an invalid uuid, NUL in text, a number out of
 * range). The code is on the pg error itself, on a Prisma DriverAdapterError's cause, or in a raw query's meta.
 */
function isDataException(err: unknown): boolean {
  const e = err as Coded;
  return [e?.code, e?.cause?.code, e?.meta?.driverAdapterError?.cause?.code].some(
    (code) => typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code),
  );
}

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
