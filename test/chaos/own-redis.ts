// The chaos's own Redis: a redis-server child on a port of its own, with no persistence, so killing it and
// starting it again brings back an empty Redis, as a lost cache node does. The shared Redis is never touched.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Redis } from "ioredis";
import { onCleanup } from "./cleanup.js";

export class OwnRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async create(port: number): Promise<OwnRedis> {
    const redis = new OwnRedis(port);
    onCleanup(`Redis on ${port}`, () => redis.kill());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    this.child = spawn("redis-server", args, { stdio: "ignore" });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`redis-server exited with ${this.child.exitCode}`);
      if (await this.ping()) return;
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${this.port} in 10 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** kill -9 of this Redis's own process, by its pid. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    process.kill(child.pid!, "SIGKILL");
    await once(child, "exit");
  }

  /** Empties it between experiments: it is the chaos's own instance. */
  async flush(): Promise<void> {
    const client = new Redis(this.url, { lazyConnect: true });
    await client.connect();
    await client.flushall();
    client.disconnect();
  }

  private async ping(): Promise<boolean> {
    const client = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on("error", () => {}); // a refused connection is the answer here
    try {
      await client.connect();
      return (await client.ping()) === "PONG";
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}
