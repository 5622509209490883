import { existsSync } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

/** A column value as JSON can carry it: bytes (the signed body) as base64, 64-bit integers and times as text. */
function exportable(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** One NDJSON line: the row's columns by their database names. */
export const exportLine = (row: Record<string, unknown>) =>
  JSON.stringify(Object.fromEntries(Object.entries(row).map(([column, value]) => [column, exportable(value)])));

/**
 * Pruned rows kept for those who must: `<dir>/<table>-<UTC day>.ndjson.gz`, one gzip member appended per batch
 * (`zcat` reads the members as one stream), flushed to disk before the batch's delete commits. A crash between
 * the flush and the commit leaves the batch in the file and in the table, so the next run exports it again:
 * at least once, never zero times.
 */
export class PruneExport {
  constructor(private readonly dir: string) {}

  fileFor(table: string, now = new Date()): string {
    return join(this.dir, `${table}-${now.toISOString().slice(0, 10)}.ndjson.gz`);
  }

  async write(table: string, rows: Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    const member = await gzipAsync(`${rows.map(exportLine).join("\n")}\n`);
    await mkdir(this.dir, { recursive: true });
    const path = this.fileFor(table);
    const created = !existsSync(path);
    const file = await open(path, "a", 0o600);
    try {
      await file.write(member);
      await file.sync();
    } finally {
      await file.close();
    }
    // A new file's name lives in the directory: flush that too, or a crash could lose the file it names.
    if (created) await syncDirectory(this.dir);
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
