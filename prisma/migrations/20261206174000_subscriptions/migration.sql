-- CreateTable
CREATE TABLE "SubscriptionRecurringPayment" (
    "recurringPaymentId" INTEGER NOT NULL,
    "initialOrderGuid" TEXT NOT NULL,
    "nopCustomerId" INTEGER NOT NULL,
    "productId" INTEGER,
    "cycleLength" INTEGER NOT NULL,
    "cyclePeriodId" INTEGER NOT NULL,
    "totalCycles" INTEGER NOT NULL,
    "recurringPaymentTypeId" INTEGER NOT NULL,
    "startDateUtc" TIMESTAMPTZ(3) NOT NULL,
    "nopActive" BOOLEAN NOT NULL,
    "nopCancelledBy" TEXT,
    "nopVersion" BIGINT NOT NULL,
    "stripeSubscriptionId" TEXT,
    "stripeCustomerId" TEXT,
    "stripePriceId" TEXT,
    "stripeItemId" TEXT,
    "firstInvoiceId" TEXT,
    "stripeStatus" TEXT,
    "stripeCancelAt" TIMESTAMPTZ(3),
    "stripeEndedAt" TIMESTAMPTZ(3),
    "currency" TEXT,
    "amountMinor" BIGINT,
    "notBilledReason" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriptionRecurringPayment_pkey" PRIMARY KEY ("recurringPaymentId")
);

-- CreateTable
CREATE TABLE "SubscriptionInvoiceAttempt" (
    "invoiceId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "billingReason" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "error" TEXT,
    "invoiceCreated" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriptionInvoiceAttempt_pkey" PRIMARY KEY ("invoiceId","attempt","outcome")
);

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionRecurringPayment_stripeSubscriptionId_key" ON "SubscriptionRecurringPayment"("stripeSubscriptionId");

-- CreateIndex
CREATE INDEX "SubscriptionRecurringPayment_initialOrderGuid_idx" ON "SubscriptionRecurringPayment"("initialOrderGuid");

-- CreateIndex
CREATE INDEX "SubscriptionRecurringPayment_nopCustomerId_idx" ON "SubscriptionRecurringPayment"("nopCustomerId");

-- CreateIndex
CREATE INDEX "SubscriptionInvoiceAttempt_subscriptionId_idx" ON "SubscriptionInvoiceAttempt"("subscriptionId");

