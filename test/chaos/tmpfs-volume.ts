// A small tmpfs for the database's files, so "the disk is full" can be played safely: filling it fills
// memory-backed space of a fixed size that no one else uses, never a real disk.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { onCleanup } from "./cleanup.js";

export interface Volume {
  path: string;
  /** Writes a file until the volume has no space left. */
  fill(): void;
  /** Removes that file. */
  free(): void;
}

/** Mounts a tmpfs of `sizeMb` at `path`; null (with the reason) where mounting is not allowed. */
export function mountTmpfs(path: string, sizeMb: number): { volume: Volume } | { skipped: string } {
  mkdirSync(path, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m,mode=0755`, "tmpfs", path], { stdio: "pipe" });
  } catch (err) {
    return { skipped: `cannot mount a tmpfs here (${(err as Error).message.split("\n")[0]}); needs root` };
  }
  onCleanup(`tmpfs ${path}`, () => {
    execFileSync("umount", ["-l", path], { stdio: "ignore" });
    rmSync(path, { recursive: true, force: true });
  });
  const filler = join(path, "chaos-disk-filler");
  return {
    volume: {
      path,
      fill() {
        const chunk = Buffer.alloc(64 * 1024); // small, so what is left over is too small for a WAL page
        try {
          for (let i = 0; i < (sizeMb + 1) * 16; i++) writeFileSync(filler, chunk, { flag: "a" });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
        }
      },
      free() {
        rmSync(filler, { force: true });
      },
    },
  };
}
