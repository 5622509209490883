-- CreateTable
CREATE TABLE "OrderToCashOrder" (
    "orderGuid" TEXT NOT NULL,
    "nopOrderId" INTEGER,
    "storeId" INTEGER,
    "customOrderNumber" TEXT,
    "customerId" INTEGER,
    "currency" TEXT,
    "totalMinor" BIGINT,
    "nopOrder" JSONB,
    "nopVersion" BIGINT NOT NULL DEFAULT 0,
    "nopPaymentStatusId" INTEGER,
    "nopOrderStatusId" INTEGER,
    "paymentIntentId" TEXT,
    "erpSalesOrderId" TEXT,
    "erpDocumentNumber" TEXT,
    "wmsRequestId" TEXT,
    "nopShipmentId" INTEGER,
    "trackingNumber" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OrderToCashOrder_pkey" PRIMARY KEY ("orderGuid")
);

-- CreateTable
CREATE TABLE "OrderToCashPayment" (
    "paymentIntentId" TEXT NOT NULL,
    "orderGuid" TEXT,
    "status" TEXT NOT NULL,
    "captureMethod" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "amountCapturable" BIGINT NOT NULL DEFAULT 0,
    "amountReceived" BIGINT NOT NULL DEFAULT 0,
    "latestChargeId" TEXT,
    "declines" JSONB NOT NULL DEFAULT '[]',
    "revision" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OrderToCashPayment_pkey" PRIMARY KEY ("paymentIntentId")
);

-- CreateTable
CREATE TABLE "OrderToCashTimelineEntry" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "orderGuid" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderToCashTimelineEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderToCashShipmentNotice" (
    "id" TEXT NOT NULL,
    "orderGuid" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "carrier" TEXT NOT NULL,
    "trackingNumber" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderToCashShipmentNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OrderToCashOrder_paymentIntentId_key" ON "OrderToCashOrder"("paymentIntentId");

-- CreateIndex
CREATE INDEX "OrderToCashOrder_createdAt_orderGuid_idx" ON "OrderToCashOrder"("createdAt", "orderGuid");

-- CreateIndex
CREATE INDEX "OrderToCashOrder_nopOrderId_idx" ON "OrderToCashOrder"("nopOrderId");

-- CreateIndex
CREATE INDEX "OrderToCashPayment_orderGuid_idx" ON "OrderToCashPayment"("orderGuid");

-- CreateIndex
CREATE UNIQUE INDEX "OrderToCashTimelineEntry_key_key" ON "OrderToCashTimelineEntry"("key");

-- CreateIndex
CREATE INDEX "OrderToCashTimelineEntry_orderGuid_at_idx" ON "OrderToCashTimelineEntry"("orderGuid", "at");

-- CreateIndex
CREATE INDEX "OrderToCashShipmentNotice_orderGuid_idx" ON "OrderToCashShipmentNotice"("orderGuid");

