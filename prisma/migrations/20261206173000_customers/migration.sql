-- CreateTable
CREATE TABLE "CustomerLink" (
    "customerGuid" TEXT NOT NULL,
    "nopCustomerId" INTEGER NOT NULL,
    "storeId" INTEGER NOT NULL,
    "stripeCustomerId" TEXT,
    "createParams" JSONB NOT NULL,
    "createVersion" BIGINT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerLink_pkey" PRIMARY KEY ("customerGuid")
);

-- CreateTable
CREATE TABLE "CustomerSync" (
    "customerGuid" TEXT NOT NULL,
    "nopCustomerId" INTEGER NOT NULL,
    "storeId" INTEGER NOT NULL,
    "nopCustomer" JSONB NOT NULL,
    "nopVersion" BIGINT NOT NULL,
    "pushedVersion" BIGINT,
    "syncedValues" JSONB,
    "stripeChangedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerSync_pkey" PRIMARY KEY ("customerGuid")
);

-- CreateTable
CREATE TABLE "CustomerBackfill" (
    "name" TEXT NOT NULL,
    "pageSize" INTEGER NOT NULL,
    "nextPageIndex" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "totalCount" INTEGER,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CustomerBackfill_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "CustomerConflict" (
    "id" UUID NOT NULL,
    "customerGuid" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "nopValue" JSONB,
    "stripeValue" JSONB,
    "winner" TEXT NOT NULL,
    "policy" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerConflict_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CustomerLink_stripeCustomerId_key" ON "CustomerLink"("stripeCustomerId");

-- CreateIndex
CREATE INDEX "CustomerLink_nopCustomerId_idx" ON "CustomerLink"("nopCustomerId");

-- CreateIndex
CREATE INDEX "CustomerSync_nopCustomerId_idx" ON "CustomerSync"("nopCustomerId");

-- CreateIndex
CREATE INDEX "CustomerConflict_customerGuid_idx" ON "CustomerConflict"("customerGuid");

-- CreateIndex
CREATE INDEX "CustomerConflict_at_idx" ON "CustomerConflict"("at");

