import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for.js";

// `npm start` in one terminal, then the demo in another, is the natural order; and a second `npm start` is a
// common slip. A busy port is a setting to change, said in one line, and costs nothing on disk.

interface Child {
  output: { stdout: string; stderr: string };
  exited: Promise<number | null>;
  kill: () => void;
}

function run(script: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, ["--import", "tsx", ...script], { env, stdio: ["ignore", "pipe", "pipe"] });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (d) => (output.stdout += d));
  child.stderr.on("data", (d) => (output.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { output, exited, kill: () => child.kill("SIGKILL") };
}

describe("a port already in use", () => {
  let blocker: Server;
  let port: number;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    port = (blocker.address() as AddressInfo).port;
    dir = await mkdtemp(join(tmpdir(), "sidecar-busy-port-"));
    env = {
      ...process.env,
      NODE_ENV: "development",
      STRIPE_SECRET_KEY: "",
      DATABASE_URL: "",
      REDIS_URL: "",
      HOST: "127.0.0.1",
      PORT: String(port),
      TMPDIR: dir, // where the demo makes its data folder
    };
  });
  afterAll(async () => {
    blocker?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("`npm start` stops with one line naming the port and what to do (exit 78), having created nothing", async () => {
    const dataDir = join(dir, "start-data");
    const start = run(["sidecar/src/main.ts", "start"], { ...env, DATA_DIR: dataDir });
    expect(await start.exited).toBe(78);
    expect(start.output.stderr).toBe(
      `sidecar: invalid setting PORT: 127.0.0.1:${port} is already in use (another sidecar? \`npm start\`?); ` +
        "stop that process or set PORT to a free port\n",
    );
    expect(start.output.stdout).toBe("");
    expect(existsSync(dataDir)).toBe(false); // no database, no master key
  }, 120_000);

  it("`npm run demo -- --keep-running` listens on another port instead, and says which", async () => {
    const demo = run(["sidecar/src/sandbox/demo.ts", "--keep-running"], env);
    try {
      const url = await waitFor(
        () =>
          new RegExp(
            `Port ${port} is in use \\(\`npm start\`\\?\\), so the demo listens on (http://\\S+) instead`,
          ).exec(demo.output.stdout)?.[1],
        { timeoutMs: 90_000 },
      );
      expect(url).not.toContain(`:${port}`);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(demo.output.stderr).not.toContain("EADDRINUSE");
    } finally {
      demo.kill();
      await demo.exited;
    }
  }, 120_000);
});
