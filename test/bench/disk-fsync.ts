// npm run bench:disk-fsync -- [--dir /var/lib/postgresql] [--seconds 30]
// How long the disk takes to make a small write durable (write + fdatasync), as PostgreSQL does for every
// commit's WAL. Every acknowledged event waits for one such flush, so a disk whose flushes stall for 100 ms
// now and then puts those stalls into the ingest p99 whatever the sidecar does. Run it beside bench:ingest
// to tell the two apart. Prints one JSON line last.
import { closeSync, fdatasyncSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, percentile, round } from "./bench-support.js";

const args = parseArgs({ dir: "/var/lib/postgresql", seconds: 30 });
const file = join(args.dir, `sidecar-fsync-probe-${process.pid}`);
const page = Buffer.alloc(16 * 1024, 0x5a); // about one group commit's WAL at 500 events/s
const fileSize = 16 * 1024 * 1024; // a WAL segment, rewritten in place

const fd = openSync(file, "w");
const latencies: number[] = [];
try {
  const end = Date.now() + args.seconds * 1000;
  for (let offset = 0; Date.now() < end; offset = (offset + page.length) % fileSize) {
    const started = performance.now();
    writeSync(fd, page, 0, page.length, offset);
    fdatasyncSync(fd);
    latencies.push(performance.now() - started);
    // About 500 flushes a second at most, as under the ingest benchmark's fixed rate.
    const resume = performance.now() + 2;
    while (performance.now() < resume);
  }
} finally {
  closeSync(fd);
  unlinkSync(file);
}
latencies.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    bench: "disk-fsync",
    dir: args.dir,
    flushes: latencies.length,
    p50_ms: round(percentile(latencies, 50), 2),
    p99_ms: round(percentile(latencies, 99), 2),
    p999_ms: round(percentile(latencies, 99.9), 2),
    max_ms: round(latencies.at(-1) ?? 0, 1),
    over_25_ms: latencies.filter((ms) => ms > 25).length,
  }),
);
