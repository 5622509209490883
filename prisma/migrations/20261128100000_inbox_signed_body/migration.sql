-- AlterTable
ALTER TABLE "InboxEvent" ADD COLUMN     "signedBody" BYTEA;

