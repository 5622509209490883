import { execFileSync, spawnSync } from "node:child_process";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "./database.js";
import { DatabaseInUseError, lockDirectory } from "./directory-lock.js";

const inUse = (dir: string, pid: number, command: string) =>
  `the embedded database in ${dir} is in use by process ${pid} (${command}); stop it first, ` +
  "or use PostgreSQL (DATABASE_URL) to run admin commands while the sidecar runs";

const lockFileOf = (dir: string) => `${dir}.lock`;
const holderOf = async (dir: string) => JSON.parse(await readFile(lockFileOf(dir), "utf8"));
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The pid of a process that has run and exited. */
const exitedPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;

describe("the embedded database's directory lock", () => {
  let dataDir: string;
  let dir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "sidecar-lock-"));
    dir = join(dataDir, "pglite");
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it("refuses a second open of the same directory while the first is open, and allows it once that closes", async () => {
    const first = await openDatabase({ dataDir });
    try {
      const refused = openDatabase({ dataDir });
      await expect(refused).rejects.toThrow(DatabaseInUseError);
      await expect(refused).rejects.toThrow(inUse(dir, process.pid, process.title));
      // The refused opener left the holder's lock and database alone.
      expect(await holderOf(dir)).toEqual({ pid: process.pid, command: process.title });
      expect((await first.sql.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await first.close();
    }
    expect(await exists(lockFileOf(dir))).toBe(false);

    const second = await openDatabase({ dataDir });
    await second.close();
  }, 60_000);

  it("refuses a lock held by another running process, naming it", async () => {
    // The test runner's parent is alive for as long as this test runs.
    await writeFile(lockFileOf(dir), JSON.stringify({ pid: process.ppid, command: "sidecar start" }));
    await expect(lockDirectory(dir)).rejects.toThrow(inUse(dir, process.ppid, "sidecar start"));
    expect(await holderOf(dir)).toEqual({ pid: process.ppid, command: "sidecar start" });
  });

  it("takes over a lock left by a process that has exited", async () => {
    await writeFile(lockFileOf(dir), JSON.stringify({ pid: exitedPid(), command: "sidecar start" }));
    const lock = await lockDirectory(dir);
    expect(await holderOf(dir)).toEqual({ pid: process.pid, command: process.title });
    await lock.release();
    expect(await exists(lockFileOf(dir))).toBe(false);
  });

  it("takes over a lock naming this process's pid that this process does not hold (a restarted container)", async () => {
    await writeFile(lockFileOf(dir), JSON.stringify({ pid: process.pid, command: "sidecar start" }));
    const lock = await lockDirectory(dir);
    await expect(lockDirectory(dir)).rejects.toThrow(DatabaseInUseError);
    await lock.release();
  });

  it("takes over a lock file it cannot read a holder from", async () => {
    await writeFile(lockFileOf(dir), "");
    const lock = await lockDirectory(dir);
    expect(await holderOf(dir)).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it("is released when the process exits without closing the database", async () => {
    const module = fileURLToPath(new URL("./directory-lock.ts", import.meta.url));
    const script = `const { lockDirectory } = await import(${JSON.stringify(module)});
      await lockDirectory(${JSON.stringify(dir)});
      process.stdout.write("locked");
      process.exit(3);`;
    const run = () => execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script]);
    expect(run).toThrow(expect.objectContaining({ status: 3, stdout: Buffer.from("locked") }));
    expect(await exists(lockFileOf(dir))).toBe(false);
  }, 30_000);
});
