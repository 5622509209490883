-- Issue 14, nothing stuck, nothing silent: parked jobs wait for a system that is down, incidents alert once when
-- they start and once when they end, and the sweeper sees when an attempt started and when its retry is due.
-- Written from `npm run db:diff`.

-- AlterEnum
ALTER TYPE "InboxStatus" ADD VALUE 'parked';

-- AlterTable
ALTER TABLE "InboxEvent" ADD COLUMN     "attemptedAt" TIMESTAMPTZ(3),
ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ParkedJob" (
    "id" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "parkings" INTEGER NOT NULL DEFAULT 1,
    "parkedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ParkedJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "openKey" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),
    "detail" TEXT,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ParkedJob_system_releasedAt_seq_idx" ON "ParkedJob"("system", "releasedAt", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_openKey_key" ON "Incident"("openKey");

-- CreateIndex
CREATE INDEX "Incident_key_startedAt_idx" ON "Incident"("key", "startedAt");

