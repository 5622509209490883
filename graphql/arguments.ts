import { createGraphQLError } from "graphql-yoga";

// What a client-controlled argument must be before it reaches the database, one rule per kind of value. Each
// refusal is BAD_USER_INPUT naming the argument, never repeating its value (see errors-without-values.ts).

export const badUserInput = (message: string) =>
  createGraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });

export const badArgument = (name: string, problem: string) => badUserInput(`${name} ${problem}`);

export { isUuid } from "../sidecar/src/lib/uuid.js";

/**
 * Marks an ID argument that names a row by its UUID (a uuid column): anything else is refused before the
 * resolver runs (argument-checks.ts), rather than reaching PostgreSQL, which refuses it as a data exception.
 * Use: `t.arg.id({ required: true, ...uuidId })`.
 */
export const uuidId = { extensions: { format: "uuid" } } as const;

export const isUuidArgument = (extensions: Readonly<Record<string, unknown>> | null | undefined) =>
  extensions?.format === uuidId.extensions.format;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const controlCharacter = /[\u0000-\u001f\u007f]/;
/** With the u flag a surrogate matches only when unpaired: UTF-16 that is not Unicode. */
const loneSurrogate = /\p{Surrogate}/u;

/**
 * Why a string argument cannot be used, if it cannot. PostgreSQL refuses NUL in text and lone surrogates in
 * jsonb (the audit trail stores every mutation's arguments); no argument has a use for other control characters.
 */
export function stringProblem(value: string): string | undefined {
  if (controlCharacter.test(value)) return "must not contain control characters";
  if (loneSurrogate.test(value)) return "must be well-formed Unicode (no unpaired surrogates)";
  return undefined;
}

export const isStorableText = (value: string) => value !== "" && stringProblem(value) === undefined;

const earliest = Date.parse("0001-01-01T00:00:00.000Z");
const latest = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * An instant every backend stores and Prisma converts (JavaScript allows years up to 275760, PostgreSQL and
 * Prisma fewer); an invalid Date is none of them.
 */
export const isStorableDate = (date: Date) => date.getTime() >= earliest && date.getTime() <= latest;
