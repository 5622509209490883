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
  it("survives PostgreSQL ending the connections a lock and a transaction hold mid-run: the run fails, nothing crashes", async () => {
    const { overrides, cleanup } = await backend.isolate();
    const db = await openDatabase({ databaseUrl: overrides.DATABASE_URL, dataDir: "unused" });
    const endEveryOtherConnection = async () => {
      const admin = new pg.Client({ connectionString: overrides.DATABASE_URL });
      await admin.connect();
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
      );
      await admin.end();
      await new Promise((resolve) => setTimeout(resolve, 300)); // the 'error' events arrive meanwhile
    };
    try {
      await expect(db.aggregateLock.run("order-to-cash:g1", endEveryOtherConnection)).rejects.toThrow();
      await expect(
        db.transaction(async (sql) => {
          await sql.query("SELECT 1", []);
          await endEveryOtherConnection();
          await sql.query("SELECT 2", []);
        }),
      ).rejects.toThrow();
      // Both connections were thrown away: the next run and transaction get fresh ones.
      expect(await db.aggregateLock.run("order-to-cash:g1", async () => "ran")).toBe("ran");
      expect(await db.transaction(async (sql) => (await sql.query("SELECT 3 AS n", [])).rows)).toEqual([{ n: 3 }]);
    } finally {
      await db.close();
      await cleanup();
    }
  });
  it("waits for a PostgreSQL that does not answer yet, telling it once, and gives up after the timeout", async () => {
    const waiting: string[] = [];
    const nobody = "postgresql://sidecar:sidecar@127.0.0.1:1/none";
    await expect(
      openDatabase({
        databaseUrl: nobody,
        dataDir: "unused",
        connectTimeoutMs: 1500,
        onWaiting: (e) => waiting.push(e.message),
      }),
    ).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(waiting).toHaveLength(1);
  });
});
