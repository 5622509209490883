#!/usr/bin/env node
// What production runs holds no sandbox: `node scripts/check-production-build.mjs [dist folder] [--production-install]`
// after `npm run build`.
// 1. The build output (default dist/) and the contract package's build hold no sandbox module and import no
//    simulator package.
// 2. The built entry point starts as production does (`web`, NODE_ENV=production, no credentials) and refuses
//    cleanly: exit 78 and one line naming the missing setting. A resolve hook fails the run if anything on the
//    way resolves a sandbox or simulator module.
// 3. With --production-install, after `npm ci --omit=dev -w @nop-stripe/contract --include-workspace-root`: the
//    only workspace package installed is the contract (plain `npm ci --omit=dev` links every workspace folder).
// Exits non-zero, saying why, on the first problem.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const repo = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const productionInstall = args.includes("--production-install");
const dist = resolve(args.find((a) => !a.startsWith("--")) ?? join(repo, "dist"));
const simulatorPackage = /@nop-stripe\/(stripe-emulator|nop-simulator|erp-simulator|wms-simulator|simulator-support)\b/;
const importSpecifier = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

const fail = (message) => {
  console.error(`check-production-build: ${message}`);
  process.exit(1);
};

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let scanned = 0;
for (const root of [dist, join(repo, "packages/contract/dist")]) {
  for (const file of files(root)) {
    const name = relative(root, file);
    if (/(^|[/\\])sandbox([/\\]|$)/.test(name)) fail(`${relative(repo, file)} is a sandbox module in the build`);
    if (!file.endsWith(".js")) continue;
    scanned++;
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(importSpecifier))
      if (simulatorPackage.test(specifier) || /(^|\/)sandbox\//.test(specifier))
        fail(`${relative(repo, file)} imports ${specifier}`);
  }
}
if (!scanned) fail(`no JavaScript under ${dist}: run npm run build first`);
console.log(`check-production-build: ${scanned} modules, no sandbox module or simulator import`);

if (productionInstall) {
  const installed = readdirSync(join(repo, "node_modules/@nop-stripe"));
  if (installed.join() !== "contract")
    fail(`the production install holds @nop-stripe/${installed.join(", @nop-stripe/")}`);
  console.log("check-production-build: the production install holds @nop-stripe/contract and no simulator package");
}

const hooks = pathToFileURL(join(import.meta.dirname, "forbid-sandbox-hooks.mjs")).href;
const register = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(hooks)})`;
const dataDir = mkdtempSync(join(tmpdir(), "production-check-"));
try {
  const run = spawnSync(process.execPath, ["--import", register, join(dist, "sidecar/src/main.js"), "web"], {
    cwd: repo,
    encoding: "utf8",
    timeout: 120_000,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      VAULT_MASTER_KEY: randomBytes(32).toString("base64"),
      PORT: "0",
      LOG_LEVEL: "warn",
    },
  });
  const said = `${run.stdout}${run.stderr}`.trim();
  if (run.status !== 78 || !/^sidecar: invalid setting \w+: required/m.test(run.stderr))
    fail(`the production entry point did not refuse cleanly (exit ${run.status ?? run.signal}):\n${said}`);
  console.log(
    `check-production-build: production \`web\` without credentials refuses cleanly (exit 78): ${run.stderr.trim()}`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
