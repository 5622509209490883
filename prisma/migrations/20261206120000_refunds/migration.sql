-- Refunds (issue 15): one row per refund of an order; the actions done are in ActionLogEntry. Written by `npm run db:diff`.
-- CreateTable
CREATE TABLE "RefundRequest" (
    "key" TEXT NOT NULL,
    "orderGuid" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "reason" TEXT,
    "returnRequestId" INTEGER,
    "breakdown" JSONB,
    "stripeRefundId" TEXT,
    "state" TEXT,
    "failureReason" TEXT,
    "requestedBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RefundRequest_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "RefundRequest_stripeRefundId_key" ON "RefundRequest"("stripeRefundId");

-- CreateIndex
CREATE INDEX "RefundRequest_orderGuid_idx" ON "RefundRequest"("orderGuid");

-- CreateIndex
CREATE INDEX "RefundRequest_createdAt_idx" ON "RefundRequest"("createdAt");

-- CreateIndex
CREATE INDEX "RefundRequest_state_createdAt_idx" ON "RefundRequest"("state", "createdAt");

