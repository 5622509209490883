import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Config, ConfigError } from "../config.js";
import { embeddedDatabaseDir } from "./database.js";

/** DATA_DIR names a folder that holds no embedded database: a setting to correct, not an empty database. */
export class NoDatabaseError extends ConfigError {
  override name = "NoDatabaseError";
}

/**
 * For commands that only read or change what exists: opening an empty folder would create a new database and a
 * new master key there, and answer from them as if every token and secret were gone. PostgreSQL and an in-memory
 * database are what their settings say, so only the embedded database's folder is checked.
 */
export function requireExistingDatabase(settings: Pick<Config, "DATABASE_URL" | "DATA_DIR">): void {
  if (settings.DATABASE_URL || settings.DATA_DIR.startsWith("memory://")) return;
  const dir = embeddedDatabaseDir(settings.DATA_DIR);
  // PostgreSQL writes PG_VERSION when it creates a data directory; PGlite's files are one.
  if (existsSync(join(dir, "PG_VERSION"))) return;
  throw new NoDatabaseError(
    `no sidecar database in ${dir} (DATA_DIR=${settings.DATA_DIR}); nothing was read or created. Set DATA_DIR to ` +
      'the sidecar\'s data folder: the one holding the pglite folder its start-up banner shows after "database:"',
  );
}
