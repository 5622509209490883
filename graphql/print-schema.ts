// Prints the SDL to graphql/schema.graphql, or with --check fails when the committed file is stale.
import { readFile, writeFile } from "node:fs/promises";
import { printSchema } from "graphql";
import { schema } from "./schema.js";

const file = new URL("./schema.graphql", import.meta.url);
const printed = `${printSchema(schema)}\n`;

if (process.argv.includes("--check")) {
  const committed = await readFile(file, "utf8").catch(() => "");
  if (committed !== printed) {
    console.error("graphql/schema.graphql is stale: run `npm run schema:print` and commit the result");
    process.exit(1);
  }
  console.log("graphql/schema.graphql is up to date");
} else {
  await writeFile(file, printed);
  console.log("wrote graphql/schema.graphql");
}
