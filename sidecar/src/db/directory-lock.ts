import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { link, readFile, rm, writeFile } from "node:fs/promises";
import { ConfigError } from "../config.js";

/** The embedded database is open in another process (or already in this one): a setting to change, not a bug. */
export class DatabaseInUseError extends ConfigError {
  override name = "DatabaseInUseError";
}

export interface DirectoryLock {
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  command: string;
}

/**
 * Lock files this process holds. A lock naming this process's pid that is not listed here was left by an earlier
 * process that had the same pid (a restarted container's sidecar is pid 1 again), so it is stale.
 */
const heldHere = new Set<string>();

/**
 * Keeps `dir` to this process until release(), through `<dir>.lock` holding its pid and command (process.title).
 * PGlite's files must never be open in two processes: the second one's writes are lost and the files may be
 * corrupted. A lock whose process is gone is taken over; two openers finding the same dead holder in the same
 * instant could both take it over, which a crash followed by two simultaneous starts does not justify guarding.
 */
export async function lockDirectory(dir: string): Promise<DirectoryLock> {
  const path = `${dir}.lock`;
  while (!(await claim(path))) {
    const holder = await readHolder(path);
    if (holder && isRunning(holder, path)) throw new DatabaseInUseError(inUseMessage(dir, holder));
    await rm(path, { force: true }); // left by a process that ended without closing the database
  }
  heldHere.add(path);
  // process.exit() (a shutdown timeout, a failed start) skips close(); only a killed process leaves a lock behind.
  const releaseAtExit = () => rmSync(path, { force: true });
  process.once("exit", releaseAtExit);
  return {
    release: async () => {
      if (!heldHere.delete(path)) return;
      process.off("exit", releaseAtExit);
      await rm(path, { force: true });
    },
  };
}

/**
 * Creates the lock file with its content in one step (a hard link to a finished draft), so a concurrent opener
 * never reads a half-written lock and mistakes it for a stale one.
 */
async function claim(path: string): Promise<boolean> {
  const draft = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const holder: Holder = { pid: process.pid, command: process.title };
  await writeFile(draft, JSON.stringify(holder));
  try {
    await link(draft, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    await rm(draft, { force: true });
  }
}

/** The lock's holder; undefined when the lock is gone meanwhile or is not one this module wrote. */
async function readHolder(path: string): Promise<Holder | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  try {
    const { pid, command } = JSON.parse(text) as Partial<Holder>;
    // pid 0 and negative pids signal process groups: never a holder.
    return Number.isSafeInteger(pid) && pid! > 0 ? { pid: pid!, command: String(command ?? "") } : undefined;
  } catch {
    return undefined;
  }
}

function isRunning({ pid }: Holder, path: string): boolean {
  if (pid === process.pid) return heldHere.has(path);
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH"; // EPERM: it exists, under another user
  }
}

const inUseMessage = (dir: string, { pid, command }: Holder) =>
  `the embedded database in ${dir} is in use by process ${pid}${command ? ` (${command})` : ""}; stop it first, ` +
  "or use PostgreSQL (DATABASE_URL) to run admin commands while the sidecar runs";
