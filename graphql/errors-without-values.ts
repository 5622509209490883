import type { GraphQLError } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";

// graphql-js repeats the value a client sent when it refuses it ("String cannot represent a non string value:
// <value>"), and a value may be a secret (rotateSecret's `secret`); error messages reach logs and the audit trail.
// Each rule keeps what the message says about the argument or variable and the expected type, and drops the value.

/** Messages of graphql-js 16 that end with, or quote, the refused value; the replacement leaves it out. */
const valueRules: [RegExp, string][] = [
  // Scalars and enums: `Int cannot represent non-integer value: <v>`, `Enum "E" cannot represent non-enum value: <v>.`
  [/^((?:Enum "\w+"|\w+) cannot represent [^:]*?value): [\s\S]*$/, "$1"],
  // Enums: `Value "<v>" does not exist in "E" enum.`, then perhaps suggestions
  [/^Value "[\s\S]*" does not exist in "(\w+)" enum\.[\s\S]*$/, 'Value does not exist in "$1" enum.'],
  // Literals: `Expected value of type "T", found <v>.`
  [/^Expected value of type ("[^"]+"), found [\s\S]*$/, "Expected a value of type $1."],
  // Execution of a literal argument: `Argument "a" has invalid value <v>.`
  [/^(Argument "\w+" has) invalid value [\s\S]*$/, "$1 an invalid value."],
  // Parser: `Unexpected String "<v>".`, `Expected Name, found Int "<v>".` (the token's kind stays)
  [/ (Name|Int|Float|String|BlockString) "[\s\S]*"\.$/, " $1."],
  // Lexer: `Unexpected character: "<c>".`, `Invalid Unicode escape sequence: "<v>".`, …
  [/^(Syntax Error: (?:Unexpected|Invalid) [^:"]*): [\s\S]*$/, "$1."],
];

const withoutValue = (message: string) =>
  valueRules.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);

const variableError = /^Variable "\$(\w+)" got invalid value /;
/** Where in the variable the invalid part is: `$s[0]`, `$input.field`; made of list indexes and schema names. */
const pathAtEnd = / at "(\w+(?:\[\d+\]|\.\w+)*)"$/;

/**
 * The message without any value the client sent. `Variable "$v" got invalid value <v>; <reason>` is taken
 * apart with the reason's own error (its originalError), since the value may itself contain "; ".
 */
export function messageWithoutValues(error: { message: string; originalError?: unknown }): string {
  const variable = variableError.exec(error.message);
  if (!variable) return withoutValue(error.message);
  const reason = (error.originalError as { message?: unknown } | undefined)?.message;
  const explained = typeof reason === "string" && error.message.endsWith(`; ${reason}`);
  const head = explained ? error.message.slice(0, -(reason.length + 2)) : "";
  const at = pathAtEnd.exec(head)?.[1];
  return `Variable "$${variable[1]}" got an invalid value${at ? ` at "${at}"` : ""}${explained ? `: ${withoutValue(reason)}` : ""}`;
}

/** The same error (location, path, extensions, cause) with the value left out of its message. */
function withoutValues(error: GraphQLError): GraphQLError {
  const message = messageWithoutValues(error);
  if (message === error.message) return error;
  const { nodes, source, positions, path, originalError, extensions } = error;
  return createGraphQLError(message, { nodes, source, positions, path, originalError, extensions });
}

/** Every error of every answer (parsing, validation, variables, execution) goes through messageWithoutValues. */
export const useErrorsWithoutValues = (): Plugin => ({
  onExecutionResult({ result, setResult }) {
    if (!result || Symbol.asyncIterator in result || !result.errors?.length) return;
    setResult({ ...result, errors: result.errors.map(withoutValues) });
  },
});
