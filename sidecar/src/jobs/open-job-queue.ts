import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { BullmqQueue } from "./bullmq-queue.js";
import { DatabaseQueue } from "./database-queue.js";
import type { JobQueue } from "./job-queue.js";

/**
 * The configured queue backend: BullMQ when REDIS_URL is set (waiting briefly for Redis, so the first events need
 * not wait for the sweeper), else the queue in the database.
 */
export async function openJobQueue(config: Config, prisma: PrismaClient): Promise<JobQueue> {
  if (!config.REDIS_URL)
    return new DatabaseQueue(prisma, {
      queue: config.QUEUE_NAME,
      leaseMs: config.JOB_LEASE_MS,
    });
  const queue = new BullmqQueue({
    queue: config.QUEUE_NAME,
    redisUrl: config.REDIS_URL,
    leaseMs: config.JOB_LEASE_MS,
    maxStalls: config.JOB_MAX_STALLS,
    enqueueTimeoutMs: config.ENQUEUE_TIMEOUT_MS,
  });
  await queue.ready(5_000);
  return queue;
}
