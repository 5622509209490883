import { readFileSync } from "node:fs";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { createTokenMutation } from "../../sidecar/src/auth/token-advice.js";

// GraphQL that the docs and the sidecar's own messages tell people to run must run: each is validated against
// the committed SDL (which CI keeps equal to the schema the sidecar serves).

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const schema = buildSchema(read("graphql/schema.graphql"));
const problems = (document: string) => validate(schema, parse(document)).map((e) => e.message);

describe("GraphQL examples", () => {
  it("each ```graphql block of the README is a valid document, as pasted into GraphiQL", () => {
    const blocks = [...read("README.md").matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(problems(block)).toEqual([]);
  });

  it("the createApiToken mutation the banner and a 401 answer advise is valid", () => {
    expect(problems(createTokenMutation)).toEqual([]);
  });
});
