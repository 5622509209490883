import { randomBytes } from "node:crypto";
import pg from "pg";

/** A fresh database on the server `adminUrl` points at, for one suite or one benchmark; drop() removes it. */
export async function createDatabase(
  adminUrl: string,
  prefix = "sidecar_test",
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => dropWithRetries(() => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

/**
 * WITH (FORCE) ends the database's sessions, but a role without pg_signal_backend (scripts/services.sh grants it)
 * cannot end an autovacuum worker that happens to be there (42501); the worker leaves within moments.
 */
async function dropWithRetries(drop: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await drop();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 10 || (code !== "42501" && code !== "55006")) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}
