-- CreateTable
CREATE TABLE "Payout" (
    "id" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "arrivalDate" TEXT NOT NULL,
    "stripeStatus" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "transactionCount" INTEGER NOT NULL DEFAULT 0,
    "pagesDone" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "reconcilerState" JSONB,
    "categories" JSONB,
    "residualMinor" BIGINT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "reconciledAt" TIMESTAMPTZ(3),

    CONSTRAINT "Payout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayoutLine" (
    "balanceTransaction" TEXT NOT NULL,
    "payoutId" TEXT NOT NULL,
    "page" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "grossMinor" BIGINT NOT NULL,
    "feeMinor" BIGINT NOT NULL,
    "netMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "presentmentMinor" BIGINT,
    "presentmentCurrency" TEXT,
    "exchangeRate" TEXT,
    "orderGuid" TEXT,
    "paymentIntentId" TEXT,
    "chargeId" TEXT,
    "refundId" TEXT,
    "disputeId" TEXT,
    "description" TEXT,
    "created" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PayoutLine_pkey" PRIMARY KEY ("balanceTransaction")
);

-- CreateTable
CREATE TABLE "ReconciliationException" (
    "id" TEXT NOT NULL,
    "payoutId" TEXT,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "suggestedAction" TEXT NOT NULL,
    "resolutions" TEXT[],
    "balanceTransaction" TEXT,
    "orderGuid" TEXT,
    "amountMinor" BIGINT,
    "currency" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolution" TEXT,
    "resolutionNote" TEXT,
    "resolutionEntryKey" TEXT,
    "resolvedBy" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReconciliationException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "key" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "memo" TEXT NOT NULL,
    "reverses" TEXT,
    "payoutId" TEXT,
    "erpEntryId" TEXT,
    "erpPostedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "LedgerLine" (
    "entryKey" TEXT NOT NULL,
    "lineNo" INTEGER NOT NULL,
    "account" TEXT NOT NULL,
    "debitMinor" BIGINT,
    "creditMinor" BIGINT,
    "currency" TEXT NOT NULL,
    "memo" TEXT NOT NULL,
    "links" JSONB NOT NULL,
    "fx" JSONB,
    "orderGuid" TEXT,

    CONSTRAINT "LedgerLine_pkey" PRIMARY KEY ("entryKey","lineNo")
);

-- CreateIndex
CREATE INDEX "Payout_status_arrivalDate_idx" ON "Payout"("status", "arrivalDate");

-- CreateIndex
CREATE INDEX "Payout_arrivalDate_idx" ON "Payout"("arrivalDate");

-- CreateIndex
CREATE INDEX "PayoutLine_payoutId_page_position_idx" ON "PayoutLine"("payoutId", "page", "position");

-- CreateIndex
CREATE INDEX "PayoutLine_orderGuid_idx" ON "PayoutLine"("orderGuid");

-- CreateIndex
CREATE INDEX "ReconciliationException_status_createdAt_idx" ON "ReconciliationException"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ReconciliationException_payoutId_idx" ON "ReconciliationException"("payoutId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_reverses_key" ON "LedgerEntry"("reverses");

-- CreateIndex
CREATE INDEX "LedgerEntry_date_idx" ON "LedgerEntry"("date");

-- CreateIndex
CREATE INDEX "LedgerEntry_payoutId_idx" ON "LedgerEntry"("payoutId");

-- CreateIndex
CREATE INDEX "LedgerEntry_erpPostedAt_idx" ON "LedgerEntry"("erpPostedAt");

-- CreateIndex
CREATE INDEX "LedgerLine_account_currency_idx" ON "LedgerLine"("account", "currency");

-- CreateIndex
CREATE INDEX "LedgerLine_orderGuid_idx" ON "LedgerLine"("orderGuid");

-- AddForeignKey
ALTER TABLE "LedgerLine" ADD CONSTRAINT "LedgerLine_entryKey_fkey" FOREIGN KEY ("entryKey") REFERENCES "LedgerEntry"("key") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Posted entries are immutable (corrections are reversing entries): only the ERP's receipt may be written, once.
CREATE FUNCTION ledger_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD."erpEntryId" IS NULL
       AND (NEW."key", NEW."date", NEW."memo", NEW."reverses", NEW."payoutId", NEW."createdAt")
         IS NOT DISTINCT FROM (OLD."key", OLD."date", OLD."memo", OLD."reverses", OLD."payoutId", OLD."createdAt") THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'ledger entries are immutable; post a reversing entry instead (% on LedgerEntry)', TG_OP;
END $$;

CREATE FUNCTION ledger_line_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are immutable; post a reversing entry instead (% on LedgerLine)', TG_OP;
END $$;

CREATE TRIGGER "LedgerEntry_immutable" BEFORE UPDATE OR DELETE ON "LedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_refuse_change();
CREATE TRIGGER "LedgerLine_immutable" BEFORE UPDATE OR DELETE ON "LedgerLine"
  FOR EACH ROW EXECUTE FUNCTION ledger_line_refuse_change();
