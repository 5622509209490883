import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../sidecar/src/db/database.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";

const postgresBackends = backends.filter((b) => b.name !== "embedded");

describe.each(postgresBackends)("database connections on $name", (backend) => {
  it("survives PostgreSQL ending its idle connections, and the next query gets a fresh one", async () => {
    const { overrides, cleanup } = await backend.isolate();
    const lost: string[] = [];
    const db = await openDatabase({
      databaseUrl: overrides.DATABASE_URL,
      dataDir: "unused",
      onIdleConnectionError: (err) => lost.push(err.message),
    });
    try {
      await db.sql.query("SELECT 1", []); // leaves one idle connection in the pool
      const admin = new pg.Client({ connectionString: overrides.DATABASE_URL });
      await admin.connect();
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
      await admin.end();

      await waitFor(() => lost.length > 0);
      expect(lost[0]).toMatch(/terminating connection/);
      const { rows } = await db.sql.query("SELECT 41 + 1 AS answer", []);
      expect(rows).toEqual([{ answer: 42 }]);
    } finally {
      await db.close();
      await cleanup();
    }
  });
});
