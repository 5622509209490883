// Preloaded into the benchmarked sidecar (node --import): counts its PostgreSQL queries (every pg client,
// Prisma's included) and Redis commands, and writes the counts to BENCH_COUNTS_FILE on SIGUSR2, so the
// benchmark can report round trips per order without touching the product's code.
import { writeFileSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";

const counts = { sql: {}, redis: 0 };
const sqlKind = (text) => (/^\s*(\w+)/.exec(text)?.[1] ?? "?").toUpperCase();

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(config, ...rest) {
  const text = typeof config === "string" ? config : config?.text;
  if (typeof text === "string") {
    const kind = sqlKind(text);
    counts.sql[kind] = (counts.sql[kind] ?? 0) + 1;
  }
  return query.call(this, config, ...rest);
};

const sendCommand = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function countedCommand(...args) {
  counts.redis += 1;
  return sendCommand.apply(this, args);
};

process.on("SIGUSR2", () => {
  if (process.env.BENCH_COUNTS_FILE) writeFileSync(process.env.BENCH_COUNTS_FILE, JSON.stringify(counts));
});
