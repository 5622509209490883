-- CreateTable
CREATE TABLE "CustomerDrift" (
    "id" TEXT NOT NULL,
    "customerGuid" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "nopValue" JSONB,
    "stripeValue" JSONB,
    "status" TEXT NOT NULL DEFAULT 'open',
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CustomerDrift_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CustomerDrift_customerGuid_idx" ON "CustomerDrift"("customerGuid");

-- CreateIndex
CREATE INDEX "CustomerDrift_status_lastSeenAt_idx" ON "CustomerDrift"("status", "lastSeenAt");
