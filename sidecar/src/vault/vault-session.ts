import { AuditLog } from "../audit/audit-log.js";
import type { Config } from "../config.js";
import { openDatabase } from "../db/database.js";
import type { SqlRunner } from "../db/migrate.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import { loadMasterKeyRing, type MasterKeyRing } from "./master-key.js";
import { Vault, vaultTiming } from "./vault.js";

export interface VaultSession {
  vault: Vault;
  keys: MasterKeyRing;
  audit: AuditLog;
  prisma: PrismaClient;
  /** The same database in SQL, for commands that read through a module's SQL adapter (the drift check). */
  sql: SqlRunner;
  close(): Promise<void>;
}

/**
 * The vault and the audit log without the rest of the sidecar (no queue, no HTTP), for administrative commands.
 * With the embedded database they run only while the sidecar is stopped: PGlite's files belong to one process,
 * and opening them while another process holds them fails with a DatabaseInUseError.
 */
export async function openVaultSession(config: Config, logger: Logger): Promise<VaultSession> {
  const keys = await loadMasterKeyRing(config, logger);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  const vault = await Vault.open({
    prisma: db.prisma,
    keys,
    logger,
    ...vaultTiming(config),
  });
  return {
    vault,
    keys,
    audit: new AuditLog(db.prisma),
    prisma: db.prisma,
    sql: db.sql,
    close: async () => {
      vault.close();
      await db.close();
    },
  };
}
