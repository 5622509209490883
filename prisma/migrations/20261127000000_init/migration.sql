-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "InboxSource" AS ENUM ('stripe', 'bridge');

-- CreateEnum
CREATE TYPE "InboxStatus" AS ENUM ('received', 'processing', 'retrying', 'processed', 'ignored', 'dead');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('waiting', 'active');

-- CreateEnum
CREATE TYPE "DeadLetterStatus" AS ENUM ('open', 'replayed', 'discarded');

-- CreateTable
CREATE TABLE "InboxEvent" (
    "id" UUID NOT NULL,
    "source" "InboxSource" NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" "InboxStatus" NOT NULL DEFAULT 'received',
    "payload" JSONB NOT NULL,
    "occurredAt" TIMESTAMPTZ(3),
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueuedAt" TIMESTAMPTZ(3),
    "processedAt" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "InboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'waiting',
    "attemptsMade" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "runAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobFailure" (
    "id" BIGSERIAL NOT NULL,
    "jobId" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "error" TEXT NOT NULL,
    "failedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JobFailure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" UUID NOT NULL,
    "jobId" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "inboxEventId" UUID,
    "error" TEXT NOT NULL,
    "attempts" JSONB NOT NULL,
    "suggestion" TEXT,
    "status" "DeadLetterStatus" NOT NULL DEFAULT 'open',
    "deadAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replayedAt" TIMESTAMPTZ(3),
    "replayCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InboxEvent_status_receivedAt_idx" ON "InboxEvent"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "InboxEvent_receivedAt_id_idx" ON "InboxEvent"("receivedAt", "id");

-- CreateIndex
CREATE INDEX "InboxEvent_type_receivedAt_idx" ON "InboxEvent"("type", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboxEvent_source_eventId_key" ON "InboxEvent"("source", "eventId");

-- CreateIndex
CREATE INDEX "Job_queue_status_runAt_idx" ON "Job"("queue", "status", "runAt");

-- CreateIndex
CREATE INDEX "JobFailure_jobId_attempt_idx" ON "JobFailure"("jobId", "attempt");

-- CreateIndex
CREATE INDEX "DeadLetter_status_deadAt_idx" ON "DeadLetter"("status", "deadAt");

-- CreateIndex
CREATE INDEX "DeadLetter_inboxEventId_idx" ON "DeadLetter"("inboxEventId");

