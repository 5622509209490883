-- The flow kit (issue 13): one action log for every flow, an open inbox source, structured dead letters.
-- Written from `npm run db:diff`, then edited so that no row is lost: the source column changes type in place
-- (the diff drops and re-adds it), and the order-to-cash timeline is copied into the action log before its
-- table goes.

-- AlterTable
ALTER TABLE "DeadLetter" ADD COLUMN     "problem" JSONB;

-- AlterTable: any source, not only those an enum lists (WMS callbacks come through the inbox too).
ALTER TABLE "InboxEvent" ALTER COLUMN "source" TYPE TEXT USING "source"::text;

-- DropEnum
DROP TYPE "InboxSource";

-- CreateTable
CREATE TABLE "ActionLogEntry" (
    "id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "aggregate" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ActionLogEntry_key_key" ON "ActionLogEntry"("key");

-- CreateIndex
CREATE INDEX "ActionLogEntry_flow_aggregate_at_idx" ON "ActionLogEntry"("flow", "aggregate", "at");

-- The order-to-cash timeline, every row, keys and times as they were.
INSERT INTO "ActionLogEntry" ("id", "key", "flow", "aggregate", "kind", "name", "detail", "at")
SELECT "id", "key", 'order-to-cash', "orderGuid", "kind", "name", "detail", "at" FROM "OrderToCashTimelineEntry";

-- DropTable
DROP TABLE "OrderToCashTimelineEntry";
