import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { hostname, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiTokens } from "../../sidecar/src/auth/api-tokens.js";
import { openDatabase } from "../../sidecar/src/db/database.js";
import { graphqlAs } from "../support/api-tokens.js";
import { backends, type Isolated } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";
import { newMasterKey, newStandardWebhooksSecret, newStripeWebhookSecret } from "./vault-harness.js";

const entry = ["--import", "tsx", "sidecar/src/main.ts"];
const anyToken = /nss_[A-Za-z0-9_-]{43}/g;

/** The environment of a real `sidecar` process on the isolated backend, everything under a temporary DATA_DIR. */
function processEnv(isolated: Isolated, dataDir: string): NodeJS.ProcessEnv {
  const { DATABASE_URL, REDIS_URL, QUEUE_NAME } = isolated.overrides;
  return {
    ...process.env,
    NODE_ENV: "development",
    LOG_LEVEL: "info",
    STRIPE_SECRET_KEY: "",
    DATABASE_URL: DATABASE_URL ?? "",
    REDIS_URL: REDIS_URL ?? "",
    ...(QUEUE_NAME ? { QUEUE_NAME } : {}),
    DATA_DIR: dataDir,
    HOST: "127.0.0.1",
    PORT: "0",
  };
}

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
  stop: () => Promise<void>;
}

/** `sidecar start` (the sandbox, as a newcomer runs it), until its banner is out. */
async function start(env: NodeJS.ProcessEnv, role: "start" | "web" = "start"): Promise<Started> {
  const child = spawn(process.execPath, [...entry, role], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => {
    output += d;
  });
  child.stderr!.on("data", (d) => {
    output += d;
  });
  const url = await waitFor(() => new RegExp(`nop-stripe-sidecar \\(${role}\\) on (http:\\S+)`).exec(output)?.[1], {
    timeoutMs: 60_000,
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => output,
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const cli = (env: NodeJS.ProcessEnv, args: string[]) =>
  promisify(execFile)(process.execPath, [...entry, "token", ...args], { env, timeout: 180_000 }).then(
    (r) => ({ code: 0, ...r }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );

describe.each(backends)("first start and the token command on $name", (backend) => {
  let isolated: Isolated;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let initial = "";
  beforeAll(async () => {
    isolated = await backend.isolate({ persistent: true });
    dataDir = await mkdtemp(join(tmpdir(), "sidecar-first-start-"));
    env = processEnv(isolated, backend.name === "embedded" ? (isolated.overrides.DATA_DIR as string) : dataDir);
  });
  afterAll(async () => {
    await isolated?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The database as the CLI leaves it, opened in this process only while no sidecar process holds it. */
  async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR! });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  }

  it("the first start creates an admin token and prints it once, never to the log; GraphiQL gets it in the fragment", async () => {
    const first = await start(env);
    try {
      const printed = [...new Set(first.output().match(anyToken) ?? [])];
      expect(printed).toHaveLength(1);
      initial = printed[0]!;
      expect(first.output()).toContain(`${first.url}/graphql#token=${initial}`);
      expect(first.output()).toContain(
        `GraphiQL:  ${first.url}/graphql   (signed in: the link under FIRST START below)`,
      );
      // Named tokens: the mutation works now; the CLI only once the sidecar is stopped, unless on PostgreSQL.
      expect(first.output()).toContain(
        backend.name === "embedded"
          ? "or with the CLI, once the sidecar is stopped:"
          : "or with the CLI, alongside the sidecar:",
      );
      for (const line of first
        .output()
        .split("\n")
        .filter((l) => l.includes(initial)))
        expect(line.trimStart().startsWith("{")).toBe(false); // a JSON log line would be pino's
      const { body } = await graphqlAs(first.url, initial, "{ apiTokens { name role createdBy } }");
      expect(body.data).toEqual({ apiTokens: [{ name: "initial admin", role: "admin", createdBy: "system" }] });
    } finally {
      await first.stop();
    }
    expect(first.output().match(anyToken)).toHaveLength(2); // the token line and the GraphiQL link, nothing else
  }, 300_000);

  it("a second start creates no token and prints none; the first one still works", async () => {
    const second = await start(env);
    try {
      expect(second.output()).not.toContain("FIRST START");
      expect(second.output().match(anyToken)).toBeNull();
      const { body } = await graphqlAs<{ apiTokens: unknown[] }>(second.url, initial, "{ apiTokens { id } }");
      expect(body.data?.apiTokens).toHaveLength(1);
    } finally {
      await second.stop();
    }
  }, 300_000);

  // Only the embedded database belongs to one process; on PostgreSQL the CLI works beside a running sidecar.
  if (backend.name === "embedded")
    it("while a sidecar holds the embedded database, the CLI is refused with one line (exit 78) and changes nothing", async () => {
      const running = await start(env);
      try {
        const refused = await cli(env, ["revoke", initial.slice(0, 12)]);
        expect(refused).toMatchObject({ code: 78, stdout: "" });
        expect(refused.stderr).toBe(
          `sidecar: the embedded database in ${join(env.DATA_DIR!, "pglite")} is in use by process ` +
            `${running.child.pid} (sidecar start); stop it first, or use PostgreSQL (DATABASE_URL) to run admin ` +
            "commands while the sidecar runs\n",
        );
        const { body } = await graphqlAs<{ apiTokens: unknown[] }>(running.url, initial, "{ apiTokens { id } }");
        expect(body.data?.apiTokens).toHaveLength(1); // the token the refused command would have revoked still works
      } finally {
        await running.stop();
      }
    }, 300_000);

  it("`sidecar token create|list|revoke` prints the token once, lists without it, revokes, and audits each run", async () => {
    const created = await cli(env, [
      "create",
      "--name",
      "ci deploy",
      "--role",
      "read-only",
      "--store",
      "2,1",
      "--expires",
      "90d",
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^nss_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain("Shown this once");
    expect(created.stderr).not.toContain(token);

    const listed = await cli(env, ["list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(token.slice(0, 12));
    expect(listed.stdout).toContain('"ci deploy"  read_only  1,2  active');
    expect(listed.stdout).toContain('"initial admin"  admin  all  active');
    expect(listed.stdout.match(anyToken)).toBeNull();

    const refused = await cli(env, ["create", "--name", "x", "--role", "admin", "--store", "1"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("admin tokens cover every store");

    const expiresAt = await withDatabase(async ({ prisma }) => {
      const actor = await new ApiTokens(prisma).verify(token, "test");
      expect(actor).toMatchObject({ name: "ci deploy", role: "read_only", storeIds: [1, 2] });
      return (await prisma.apiToken.findFirstOrThrow({ where: { name: "ci deploy" } })).expiresAt!;
    });
    expect(Math.round((expiresAt.getTime() - Date.now()) / 86_400_000)).toBe(90);

    const revoked = await cli(env, ["revoke", token.slice(0, 12)]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain("revoked");

    await withDatabase(async ({ prisma }) => {
      expect(await new ApiTokens(prisma).verify(token, "test")).toBeNull();
      const user = userInfo().username;
      const audit = await prisma.auditEntry.findMany({ where: { actor: `cli:${user}` }, orderBy: { id: "asc" } });
      expect(audit.map((a) => [a.action, a.outcome])).toEqual([
        ["cli:token create", "ok"],
        ["cli:token list", "ok"],
        ["cli:token create", "error"],
        ["cli:token revoke", "ok"],
      ]);
      expect(audit.every((a) => a.origin === hostname() && a.actorName === user)).toBe(true);
      expect(JSON.stringify(audit.map((a) => a.detail))).not.toContain(token);
    });
  }, 400_000);
});

describe.each(backends)("first start in production on $name", (backend) => {
  let isolated: Isolated;
  let dataDir: string;
  beforeAll(async () => {
    isolated = await backend.isolate({ persistent: true });
    dataDir = await mkdtemp(join(tmpdir(), "sidecar-first-start-production-"));
  });
  afterAll(async () => {
    await isolated?.cleanup();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("writes the initial admin token to a file only its owner can read, and prints neither it nor a GraphiQL link", async () => {
    const signing = newStandardWebhooksSecret();
    const unreachable = "http://127.0.0.1:9";
    const env: NodeJS.ProcessEnv = {
      ...processEnv(isolated, backend.name === "embedded" ? (isolated.overrides.DATA_DIR as string) : dataDir),
      NODE_ENV: "production",
      VAULT_MASTER_KEY: newMasterKey(),
      STRIPE_SECRET_KEY: `sk_test_${"a".repeat(24)}`,
      STRIPE_WEBHOOK_SECRETS: newStripeWebhookSecret(),
      BRIDGE_SECRETS: signing,
      WMS_CALLBACK_SECRETS: signing,
      NOP_WRITEBACK_SECRET: signing,
      NOP_URL: unreachable,
      ERP_URL: unreachable,
      ERP_API_KEY: "erp-key-000000000001",
      WMS_URL: unreachable,
      WMS_API_KEY: "wms-key-000000000001",
    };
    const web = await start(env, "web");
    try {
      const file = join(env.DATA_DIR!, "initial-admin-token");
      expect(web.output()).toContain(`It is in ${file} (readable by this user only)`);
      expect(web.output()).not.toMatch(anyToken);
      expect(web.output()).toContain("GraphiQL:  off");
      expect(web.output()).not.toContain("#token=");
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const token = (await readFile(file, "utf8")).trim();
      const { body } = await graphqlAs<{ apiTokens: { name: string }[] }>(web.url, token, "{ apiTokens { name } }");
      expect(body.data?.apiTokens).toEqual([{ name: "initial admin" }]);
    } finally {
      await web.stop();
    }
  }, 300_000);
});
