import { createRequire } from "node:module";
import type { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { messageWithoutValues } from "./errors-without-values.js";
import { schema } from "./schema.js";

// The errors graphql-js itself makes for values it refuses, from the real schema: what the server would answer.
// graphql as Node loads it (CommonJS), the copy the schema was built with; vitest would import the ESM one.
const { getVariableValues, parse, validate } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

const secret = "sk-LEAKTEST-AAAA1111";

/** The errors for `variables` given to the operation's variable definitions. */
function variableErrors(operation: string, variables: Record<string, unknown>): readonly GraphQLError[] {
  const definition = parse(operation).definitions[0];
  if (definition?.kind !== "OperationDefinition") throw new Error("not an operation");
  const result = getVariableValues(schema, definition.variableDefinitions ?? [], variables);
  return result.errors ?? [];
}

const literalErrors = (document: string) => validate(schema, parse(document));

function syntaxError(document: string): GraphQLError {
  try {
    parse(document);
  } catch (err) {
    return err as GraphQLError;
  }
  throw new Error("parsed");
}

const rotate = (secretValue: string) =>
  `mutation { rotateSecret(kind: llm_api_key, scope: "openai", secret: ${secretValue}) { secret { id } } }`;

describe("GraphQL error messages without the client's values", () => {
  it("names the variable and the expected type, not the value", () => {
    const [error] = variableErrors("query($s: String!) { __typename }", { s: [secret] });
    expect(error?.message).toContain(secret); // what graphql-js says
    expect(messageWithoutValues(error!)).toBe(
      'Variable "$s" got an invalid value: String cannot represent a non string value',
    );
  });

  it("keeps where in a list the invalid item is", () => {
    const [error] = variableErrors("query($p: [String!]) { __typename }", { p: ["ok", { secret }] });
    expect(messageWithoutValues(error!)).toBe(
      'Variable "$p" got an invalid value at "p[1]": String cannot represent a non string value',
    );
  });

  it("is not fooled by a value that looks like the end of the message", () => {
    const [error] = variableErrors("query($n: Int) { __typename }", {
      n: `x"; Int cannot represent non-integer value: ${secret}`,
    });
    expect(messageWithoutValues(error!)).toBe(
      'Variable "$n" got an invalid value: Int cannot represent non-integer value',
    );
  });

  it("leaves out the value of every kind of variable graphql-js refuses", () => {
    const cases: [string, Record<string, unknown>][] = [
      ["query($s: String!) { __typename }", { s: { secret } }],
      ["query($n: Int) { __typename }", { n: secret }],
      ["query($n: Int) { __typename }", { n: 4242424242424 }],
      ["query($b: Boolean) { __typename }", { b: secret }],
      ["query($id: ID!) { __typename }", { id: [secret] }],
      ["query($k: SecretKind) { __typename }", { k: secret }],
      ["query($k: SecretKind) { __typename }", { k: [secret] }],
      ["query($d: DateTime) { __typename }", { d: secret }],
      ["query($d: DateTime) { __typename }", { d: { secret } }],
      ["query($p: [String!]) { __typename }", { p: [[secret]] }],
    ];
    for (const [operation, variables] of cases) {
      const errors = variableErrors(operation, variables);
      expect(errors.length, operation).toBeGreaterThan(0);
      for (const error of errors) {
        const message = messageWithoutValues(error);
        expect(message).toMatch(/^Variable "\$\w+" got an invalid value/);
        expect(message).not.toContain("LEAKTEST");
        expect(message).not.toContain("4242");
      }
    }
  });

  it("leaves out literals of the wrong type, naming the expected type", () => {
    const [wrongType] = literalErrors(rotate("424242424242"));
    expect(wrongType?.message).toContain("424242424242");
    expect(messageWithoutValues(wrongType!)).toBe("String cannot represent a non string value");

    const documents = [
      rotate(`{ value: "${secret}" }`),
      rotate(`["${secret}"]`),
      rotate("null"),
      `mutation { rotateSecret(kind: ${secret.replaceAll("-", "_")}, secret: "x") { secret { id } } }`,
      `mutation { rotateSecret(kind: "${secret}", secret: "x") { secret { id } } }`,
      `{ orders(first: 42424242424242) { edges { cursor } } }`,
      `{ orders(first: "${secret}") { edges { cursor } } }`,
      `{ orders(mismatch: "${secret}") { edges { cursor } } }`,
      `{ inboxEvent(id: 4.242) { id } }`,
      `{ auditEntries(since: "${secret}") { edges { cursor } } }`,
      `{ auditEntries(since: 42424242) { edges { cursor } } }`,
    ];
    for (const document of documents) {
      const errors = literalErrors(document);
      expect(errors.length, document).toBeGreaterThan(0);
      for (const error of errors) {
        expect(messageWithoutValues(error), document).not.toMatch(/LEAKTEST|LEAKTEST|4242/i);
      }
    }
    const [enumValue] = literalErrors(`mutation { rotateSecret(kind: sk_LEAKTEST, secret: "x") { secret { id } } }`);
    expect(messageWithoutValues(enumValue!)).toBe('Value does not exist in "SecretKind" enum.');
    const [nullValue] = literalErrors(rotate("null"));
    expect(messageWithoutValues(nullValue!)).toBe('Expected a value of type "String!".');
  });

  it("leaves out the tokens a syntax error quotes, keeping their kind", () => {
    expect(messageWithoutValues(syntaxError(`{ rotateSecret "${secret}" }`))).toBe(
      "Syntax Error: Expected Name, found String.",
    );
    expect(messageWithoutValues(syntaxError(`{ a(b: 1) "${secret}" }`))).toBe(
      "Syntax Error: Expected Name, found String.",
    );
    expect(messageWithoutValues(syntaxError(`query q($s: String = ${secret}) { a }`))).not.toContain("LEAKTEST");
    expect(messageWithoutValues(syntaxError(`{ a(b: "\\u${secret}") }`))).toBe(
      "Syntax Error: Invalid Unicode escape sequence.",
    );
    expect(messageWithoutValues(syntaxError("{ a(b: ~) }"))).toBe("Syntax Error: Unexpected character.");
  });

  it("leaves messages without a value as they are", () => {
    for (const message of [
      'Cannot query field "queueHealt" on type "Query".',
      'Variable "$s" of required type "String!" was not provided.',
      "Query depth limit of 8 exceeded, found 10.",
      "after is not a cursor this API issued",
    ])
      expect(messageWithoutValues({ message })).toBe(message);
  });
});
