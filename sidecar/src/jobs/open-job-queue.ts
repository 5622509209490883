import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { BullmqQueue } from "./bullmq-queue.js";
import { DatabaseQueue } from "./database-queue.js";
import type { JobQueue } from "./job-queue.js";

/** The configured queue backend: BullMQ when REDIS_URL is set, else the queue in the database. */
export function openJobQueue(config: Config, prisma: PrismaClient): JobQueue {
  return config.REDIS_URL
    ? new BullmqQueue({ queue: config.QUEUE_NAME, redisUrl: config.REDIS_URL, maxAttempts: config.JOB_MAX_ATTEMPTS })
    : new DatabaseQueue(prisma, { queue: config.QUEUE_NAME, maxAttempts: config.JOB_MAX_ATTEMPTS });
}
