// What one backend's experiments share: for PostgreSQL + Redis, the chaos's own servers (the database's files on
// a small tmpfs where one can be mounted, so the disk can be filled safely); for the embedded backend, the
// tmpfs its data folders go on.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Backend, ChaosArgs } from "./chaos-args.js";
import { OwnPostgres } from "./own-postgres.js";
import { OwnRedis } from "./own-redis.js";
import { mountTmpfs, type Volume } from "./tmpfs-volume.js";

export interface ChaosBackend {
  backend: Backend;
  /** Where each experiment's data folder goes (on the volume when there is one). */
  dataRoot: string;
  logDir: string;
  volume: Volume | undefined;
  /** Why the disk cannot be filled here, when it cannot. */
  noVolume: string | undefined;
  postgres: OwnPostgres | undefined;
  redis: OwnRedis | undefined;
}

/** 1 GiB: room for the cluster, one experiment's database and PostgreSQL's WAL (capped below). */
const volumeMb = 1024;

export async function openBackend(backend: Backend, args: ChaosArgs, workDir: string): Promise<ChaosBackend> {
  const logDir = join(workDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const mounted = mountTmpfs(join(workDir, `${backend}-volume`), volumeMb);
  const volume = "volume" in mounted ? mounted.volume : undefined;
  const dataRoot = volume?.path ?? join(workDir, `${backend}-data`);
  mkdirSync(dataRoot, { recursive: true });
  const base = { backend, dataRoot, logDir, volume, noVolume: "skipped" in mounted ? mounted.skipped : undefined };
  if (backend === "embedded") return { ...base, postgres: undefined, redis: undefined };
  const postgres = await OwnPostgres.create(join(dataRoot, "postgres"), args.pgPort, join(logDir, "postgres.log"));
  const redis = await OwnRedis.create(args.redisPort);
  return { ...base, postgres, redis };
}
