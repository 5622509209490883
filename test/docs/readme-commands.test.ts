import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenCommand } from "../../sidecar/src/auth/token-advice.js";

// Every CLI command in a README code block must run as pasted: a placeholder such as `[--store 1,2]` or
// `<id|prefix>` fails in a shell, and a bare `sidecar` is not on the PATH in a checkout. The commands run in order
// in one shell, as a newcomer pastes them, against a data folder of their own.

const repo = new URL("../..", import.meta.url).pathname;

/** Lines of ```sh blocks (indented ones too, inside list items) that run the sidecar's CLI. */
function cliCommandsIn(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^( *)```sh\n([\s\S]*?)^\1```/gm)];
  return blocks.flatMap(([, indent = "", body = ""]) =>
    body
      .split("\n")
      .map((line) => line.slice(indent.length))
      .filter((line) => !line.trimStart().startsWith("#"))
      .filter((line) => /(^|[|(]\s*)(npm run (-s |--silent )?sidecar --|sidecar) /.test(line)),
  );
}

/** The lines as one shell script that stops at the first failing command and names it. */
function script(commands: string[]): string {
  return commands
    .map(
      (command) =>
        `${command}\nstatus=$?; [ $status -eq 0 ] || { echo "exit $status: ${command.replaceAll('"', '\\"').replaceAll("$", "\\$")}" >&2; exit 1; }`,
    )
    .join("\n");
}

describe("CLI commands in the docs", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sidecar-readme-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function runAsPasted(commands: string[], dataDir: string) {
    const env = {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_URL: "",
      REDIS_URL: "",
      VAULT_MASTER_KEY: "",
      DATA_DIR: dataDir,
      // A command that reads a new secret from stdin (`printf %s "$NEW" | …`) gets one.
      NEW: `whsec_${randomBytes(24).toString("hex")}`,
    };
    return promisify(execFile)("bash", ["-c", script(commands)], { cwd: repo, env, timeout: 300_000 }).then(
      () => ({ code: 0, stderr: "" }),
      (err: { code: number; stderr: string }) => ({ code: err.code, stderr: err.stderr }),
    );
  }

  it("every README command runs as pasted, in order, exit 0", async () => {
    const commands = cliCommandsIn(readFileSync(join(repo, "README.md"), "utf8"));
    expect(commands.length).toBeGreaterThanOrEqual(3);
    const run = await runAsPasted(commands, join(dir, "readme"));
    expect(run.stderr.split("\n").filter((line) => line.startsWith("exit "))).toEqual([]);
    expect(run.code).toBe(0);
  }, 320_000);

  it("the command the banner and a 401 answer advise runs as printed", async () => {
    const run = await runAsPasted([createTokenCommand()], join(dir, "advice"));
    expect(run).toMatchObject({ code: 0 });
  }, 120_000);

  it("finds the commands a newcomer pastes, and would catch a placeholder", () => {
    const block =
      "- item:\n\n  ```sh\n  # a comment naming `sidecar token list`\n  npm run sidecar -- token revoke <id|prefix>\n  npm test\n  ```\n";
    expect(cliCommandsIn(block)).toEqual(["npm run sidecar -- token revoke <id|prefix>"]);
  });
});
