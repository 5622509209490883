-- CreateTable
CREATE TABLE "RiskCase" (
    "orderGuid" TEXT NOT NULL,
    "paymentIntentId" TEXT NOT NULL,
    "chargeId" TEXT,
    "storeId" INTEGER,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "captureBefore" TIMESTAMPTZ(3) NOT NULL,
    "decision" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RiskCase_pkey" PRIMARY KEY ("orderGuid")
);

-- CreateTable
CREATE TABLE "RiskReview" (
    "orderGuid" TEXT NOT NULL,
    "paymentIntentId" TEXT,
    "status" TEXT NOT NULL,
    "radarReviewId" TEXT,
    "radarClosedReason" TEXT,
    "claimedBy" TEXT,
    "claimExpiresAt" TIMESTAMPTZ(3),
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "notes" JSONB NOT NULL DEFAULT '[]',
    "captureBefore" TIMESTAMPTZ(3),
    "openedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RiskReview_pkey" PRIMARY KEY ("orderGuid")
);

-- CreateTable
CREATE TABLE "RiskPaymentAttempt" (
    "paymentIntentId" TEXT NOT NULL,
    "orderGuid" TEXT NOT NULL,
    "customerKey" TEXT,
    "emailHash" TEXT,
    "ipHash" TEXT,
    "cardFingerprint" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RiskPaymentAttempt_pkey" PRIMARY KEY ("paymentIntentId")
);

-- CreateTable
CREATE TABLE "RiskBlocklist" (
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "orderGuid" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskBlocklist_pkey" PRIMARY KEY ("kind","value")
);

-- CreateIndex
CREATE UNIQUE INDEX "RiskCase_paymentIntentId_key" ON "RiskCase"("paymentIntentId");

-- CreateIndex
CREATE UNIQUE INDEX "RiskReview_radarReviewId_key" ON "RiskReview"("radarReviewId");

-- CreateIndex
CREATE INDEX "RiskReview_status_captureBefore_orderGuid_idx" ON "RiskReview"("status", "captureBefore", "orderGuid");

-- CreateIndex
CREATE INDEX "RiskPaymentAttempt_customerKey_at_idx" ON "RiskPaymentAttempt"("customerKey", "at");

-- CreateIndex
CREATE INDEX "RiskPaymentAttempt_emailHash_at_idx" ON "RiskPaymentAttempt"("emailHash", "at");

-- CreateIndex
CREATE INDEX "RiskPaymentAttempt_ipHash_at_idx" ON "RiskPaymentAttempt"("ipHash", "at");

-- CreateIndex
CREATE INDEX "RiskPaymentAttempt_cardFingerprint_at_idx" ON "RiskPaymentAttempt"("cardFingerprint", "at");

