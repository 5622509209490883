-- CreateTable
CREATE TABLE "SubscriptionBackfilled" (
    "recurringPaymentId" INTEGER NOT NULL,
    "billedCycles" INTEGER NOT NULL,
    "nextPaymentDateUtc" TIMESTAMPTZ(3),
    "cyclesRemaining" INTEGER NOT NULL,
    "backfilledAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriptionBackfilled_pkey" PRIMARY KEY ("recurringPaymentId")
);

-- CreateTable
CREATE TABLE "SubscriptionBackfill" (
    "name" TEXT NOT NULL,
    "pageSize" INTEGER NOT NULL,
    "nextPageIndex" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "totalCount" INTEGER,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SubscriptionBackfill_pkey" PRIMARY KEY ("name")
);

