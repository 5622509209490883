// The chaos's own PostgreSQL: a cluster initialized in a folder of its own, on a port of its own, started,
// restarted and stopped with Debian's pg_ctl. The machine's shared PostgreSQL is never touched.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { onCleanup } from "./cleanup.js";

const user = "postgres";

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error("PostgreSQL's server binaries are not installed (npm run services)");
  return join(root, versions[0]!, "bin");
}

/** Runs a PostgreSQL tool as the postgres user: the server refuses to run as root. */
function asPostgres(tool: string, args: string[]): string {
  const command = join(binDir(), tool);
  const asRoot = process.getuid?.() === 0;
  return execFileSync(asRoot ? "runuser" : command, asRoot ? ["-u", user, "--", command, ...args] : args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export class OwnPostgres {
  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly logFile: string,
  ) {}

  /** initdb into `dir` (a folder of its own, possibly on a tmpfs), then start. */
  static async create(dir: string, port: number, logFile: string): Promise<OwnPostgres> {
    mkdirSync(dir, { recursive: true });
    writeFileSync(logFile, "", { flag: "a" });
    if (process.getuid?.() === 0) {
      const id = (flag: string) => Number(execFileSync("id", [flag, user], { encoding: "utf8" }).trim());
      for (const path of [dir, logFile]) chownSync(path, id("-u"), id("-g"));
    }
    const dataDir = join(dir, "data");
    asPostgres("initdb", ["-D", dataDir, "-U", user, "-A", "trust", "--no-instructions", "-E", "UTF8"]);
    const server = new OwnPostgres(dataDir, port, logFile);
    onCleanup(`PostgreSQL on ${port}`, () => server.stop("immediate"));
    await server.start();
    return server;
  }

  url(database: string): string {
    return `postgresql://${user}@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dataDir} -c max_connections=200 -c max_wal_size=128MB -c min_wal_size=32MB`;
    asPostgres("pg_ctl", ["start", "-w", "-t", "60", "-D", this.dataDir, "-l", this.logFile, "-o", options]);
  }

  /** fast: as an operator stops it; immediate: as a crash (recovery from the WAL at the next start). */
  stop(mode: "fast" | "immediate"): void {
    if (!this.running()) return;
    asPostgres("pg_ctl", ["stop", "-w", "-m", mode, "-D", this.dataDir]);
  }

  running(): boolean {
    try {
      asPostgres("pg_ctl", ["status", "-D", this.dataDir]);
      return true;
    } catch {
      return false;
    }
  }

  async query<T extends pg.QueryResultRow>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }
}
