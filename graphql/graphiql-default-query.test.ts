import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import express from "express";
import { buildSchema, parse, validate } from "graphql";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../sidecar/src/config.js";
import { graphiqlDefaultQuery } from "./graphiql-default-query.js";
import { graphqlLimits } from "./hardening.js";
import type { BaseContext } from "./request-context.js";
import { createGraphqlHandler } from "./yoga.js";

// The committed SDL, which CI keeps equal to the schema the sidecar serves.
const schema = buildSchema(readFileSync(new URL("./schema.graphql", import.meta.url), "utf8"));

/** The page a browser gets at /graphql when GraphiQL is on. */
async function graphiqlPage(): Promise<string> {
  const handler = createGraphqlHandler({
    context: {} as BaseContext, // the page itself runs nothing
    graphiql: true,
    limits: graphqlLimits(loadConfig({ NODE_ENV: "test" })),
    logger: pino({ level: "silent" }),
  });
  const server = express().use("/graphql", handler).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: "text/html" } });
    return await res.text();
  } finally {
    server.close();
  }
}

describe("GraphiQL's default query", () => {
  it("is valid against the schema and asks for the unified order", () => {
    expect(validate(schema, parse(graphiqlDefaultQuery)).map((e) => e.message)).toEqual([]);
    for (const field of ["orders", "paymentIntents", "erpDocument", "wmsRequest", "shipments"])
      expect(graphiqlDefaultQuery).toMatch(new RegExp(`\\b${field}\\b`));
  });

  it("is what GraphiQL opens on, instead of its generic welcome text", async () => {
    const html = await graphiqlPage();
    expect(html).toContain(`"defaultQuery":${JSON.stringify(graphiqlDefaultQuery)}`);
  });
});
