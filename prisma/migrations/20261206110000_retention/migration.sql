-- Retention (issue 14): the pruner deletes job failures oldest first; the other pruned tables already have an
-- index on their time column. Written by `npm run db:diff`.
-- CreateIndex
CREATE INDEX "JobFailure_failedAt_idx" ON "JobFailure"("failedAt");

