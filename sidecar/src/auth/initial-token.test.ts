import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiTokens } from "./api-tokens.js";
import { initialTokenNotice } from "./initial-token.js";

const token = `nss_${"A".repeat(43)}`;
type Tokens = Pick<ApiTokens, "createInitialAdmin">;
const firstStart = {
  createInitialAdmin: async () => ({ ok: true, token, info: { prefix: token.slice(0, 12) } }),
} as unknown as Tokens;
const laterStart: Tokens = { createInitialAdmin: async () => null };
const base = "http://127.0.0.1:4000";

describe("initialTokenNotice", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "initial-token-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("shows the token once on the console, with a signed-in GraphiQL link when GraphiQL is served", async () => {
    const notice = await initialTokenNotice(firstStart, { base, graphiql: true, embeddedDatabase: true });
    expect(notice).toContain(`    ${token}\n`);
    expect(notice).toContain(`${base}/graphql#token=${token}`);
  });

  it("says what makes named tokens while the sidecar runs, not a CLI that cannot run then", async () => {
    const notice = await initialTokenNotice(firstStart, { base, graphiql: true, embeddedDatabase: true });
    expect(notice).toContain(
      [
        "  Keep it, make named tokens, then revoke it. While the sidecar runs, in GraphiQL (the link above):",
        '    mutation { createApiToken(name: "ci", role: finance) { token } }',
        "  or with the CLI, once the sidecar is stopped:",
        "    npm run sidecar -- token create --name ci --role finance",
      ].join("\n"),
    );
    expect(notice).not.toContain("`sidecar token create`"); // not on the PATH in a checkout

    // The demo's database is in a folder of its own: the CLI is told where.
    const demo = await initialTokenNotice(firstStart, {
      base,
      graphiql: true,
      embeddedDatabase: true,
      dataDir: "/tmp/sidecar-demo-x",
    });
    expect(demo).toContain("    DATA_DIR=/tmp/sidecar-demo-x npm run sidecar -- token create --name ci --role finance");
  });

  it("offers no GraphiQL link when GraphiQL is off", async () => {
    const notice = await initialTokenNotice(firstStart, { base, graphiql: false, embeddedDatabase: true });
    expect(notice).toContain(token);
    expect(notice).not.toContain("#token=");
    expect(notice).not.toContain("GraphiQL");
    expect(notice).toContain(`While the sidecar runs, with GraphQL at ${base}/graphql, sending Authorization: Bearer`);
  });

  it("with a token file, writes the token there for its owner only and keeps it out of the output", async () => {
    const file = join(dir, "nested", "initial-admin-token");
    const notice = await initialTokenNotice(firstStart, {
      base,
      graphiql: true,
      embeddedDatabase: false,
      tokenFile: file,
    });
    expect(notice).not.toContain(token);
    expect(notice).toContain(`It is in ${file}`);
    expect(await readFile(file, "utf8")).toBe(`${token}\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("replaces a file left from before rather than writing into it with its old permissions", async () => {
    const file = join(dir, "left-over");
    await writeFile(file, "old\n", { mode: 0o644 });
    await initialTokenNotice(firstStart, { base, graphiql: false, embeddedDatabase: false, tokenFile: file });
    expect(await readFile(file, "utf8")).toBe(`${token}\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("says how to make a token when the file cannot be written, without printing the token", async () => {
    const blocker = join(dir, "not-a-directory");
    await writeFile(blocker, "");
    const notice = await initialTokenNotice(firstStart, {
      base,
      graphiql: false,
      embeddedDatabase: false,
      tokenFile: join(blocker, "t"),
    });
    expect(notice).toContain("could NOT be written");
    expect(notice).toContain("`npm run sidecar -- token create --name <you> --role admin` alongside the sidecar");
    expect(notice).not.toContain(token);
  });

  it("says nothing once a token has existed", async () => {
    expect(await initialTokenNotice(laterStart, { base, graphiql: true, embeddedDatabase: true })).toBeNull();
  });
});
