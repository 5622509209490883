-- CreateIndex
CREATE INDEX "OrderToCashPayment_latestChargeId_idx" ON "OrderToCashPayment"("latestChargeId");
