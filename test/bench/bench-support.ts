// Shared pieces of the benchmark scripts: argument parsing, a throw-away PostgreSQL database, the sidecar as
// a child process, and latency percentiles.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";

export function parseArgs<T extends Record<string, string | number>>(defaults: T): T {
  const args: Record<string, string | number> = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, "");
    if (!key || !(key in defaults))
      throw new Error(`unknown argument ${argv[i]}; known: ${Object.keys(defaults).join(", ")}`);
    // A numeric flag given alone (`--emulator-only`) means 1.
    const alone = argv[i + 1] === undefined || argv[i + 1]?.startsWith("--");
    const value = alone && typeof defaults[key] === "number" ? "1" : (argv[++i] ?? "");
    args[key] = typeof defaults[key] === "number" ? Number(value) : value;
  }
  return args as T;
}

export { createDatabase } from "../support/throwaway-database.js";

/** Compiles the sidecar as production runs it (npm run build), so benchmarks measure that, not tsx. */
export function buildSidecar(): void {
  execFileSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
}

/**
 * The settings of a production sidecar whose external systems are configured but never called (its events are
 * only stored, or of types no flow handles), accepting webhooks signed with `webhookSecret`.
 */
export function unusedSystemsEnv(webhookSecret: string, dataDir: string, queueName: string): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: "sk_test_bench_never_called",
    NOP_URL: "http://127.0.0.1:9",
    NOP_WRITEBACK_SECRET: `whsec_${randomBytes(32).toString("base64")}`,
    ERP_URL: "http://127.0.0.1:9",
    ERP_API_KEY: "unused",
    WMS_URL: "http://127.0.0.1:9",
    WMS_API_KEY: "unused",
    STRIPE_WEBHOOK_SECRETS: webhookSecret,
    BRIDGE_SECRETS: `whsec_${randomBytes(32).toString("base64")}`,
    VAULT_MASTER_KEY: randomBytes(32).toString("base64"),
    QUEUE_NAME: queueName,
    DATA_DIR: dataDir,
  };
}

/** A port for a server started later (by a child process), chosen before its URL must be known. */
export const pickPort = () => 20_000 + Math.floor(Math.random() * 20_000);

/** Starts the compiled `sidecar <role>` in its own process and resolves once it answers /readyz. */
export async function startSidecarProcess(
  role: string,
  env: Record<string, string>,
  port = pickPort(),
  nodeFlags: string[] = [],
): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []),
      ...nodeFlags,
      "dist/sidecar/src/main.js",
      role,
    ],
    {
      env: { ...process.env, LOG_LEVEL: "warn", NODE_ENV: "production", ...env, PORT: String(port), HOST: "127.0.0.1" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sidecar exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error("sidecar did not become ready in 60 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    stop: async () => {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
