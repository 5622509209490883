import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The minimal SQL surface both PGlite and a pg client offer. */
export interface SqlRunner {
  exec(sql: string): Promise<unknown>;
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** prisma/migrations of this package, from the sources (tsx) or from the compiled dist/ alike. */
export const migrationsDir = findUp("prisma/migrations", dirname(fileURLToPath(import.meta.url)));

function findUp(relative: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${relative} not found above ${from}`);
  }
}

/**
 * Applies committed migrations that are not yet recorded, in Prisma's own `_prisma_migrations` table, so
 * `prisma migrate status` and `prisma migrate deploy` agree with what ran here. No CLI at runtime.
 */
export async function applyMigrations(db: SqlRunner, dir = migrationsDir): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
  const { rows } = await db.query(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Set((rows as { migration_name: string }[]).map((r) => r.migration_name));
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const newlyApplied: string[] = [];
  for (const name of names) {
    if (applied.has(name)) continue;
    const sql = await readFile(join(dir, name, "migration.sql"), "utf8");
    const checksum = createHash("sha256").update(sql).digest("hex");
    // One transaction per migration: a failed migration leaves nothing half-applied.
    await db.exec(`BEGIN;\n${sql}\n;COMMIT;`).catch(async (err) => {
      await db.exec("ROLLBACK").catch(() => {});
      throw new Error(`migration ${name} failed: ${(err as Error).message}`);
    });
    await db.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
      [randomUUID(), checksum, name],
    );
    newlyApplied.push(name);
  }
  return newlyApplied;
}
