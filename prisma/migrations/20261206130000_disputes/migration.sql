-- CreateTable
CREATE TABLE "Dispute" (
    "disputeId" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "paymentIntentId" TEXT,
    "orderGuid" TEXT,
    "storeId" INTEGER,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "dueBy" TIMESTAMPTZ(3),
    "hasEvidence" BOOLEAN NOT NULL DEFAULT false,
    "submissionCount" INTEGER NOT NULL DEFAULT 0,
    "pastDue" BOOLEAN NOT NULL DEFAULT false,
    "withdrawal" JSONB,
    "reinstatement" JSONB,
    "fulfillment" TEXT,
    "evidence" JSONB,
    "evidenceState" TEXT NOT NULL DEFAULT 'none',
    "evidenceApprovedBy" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("disputeId")
);

-- CreateIndex
CREATE INDEX "Dispute_paymentIntentId_idx" ON "Dispute"("paymentIntentId");

-- CreateIndex
CREATE INDEX "Dispute_orderGuid_idx" ON "Dispute"("orderGuid");

-- CreateIndex
CREATE INDEX "Dispute_status_openedAt_idx" ON "Dispute"("status", "openedAt");

-- CreateIndex
CREATE INDEX "Dispute_openedAt_idx" ON "Dispute"("openedAt");

