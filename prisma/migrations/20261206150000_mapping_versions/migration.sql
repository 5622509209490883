-- CreateTable
CREATE TABLE "MappingVersion" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "diff" JSONB NOT NULL,
    "deadLetterId" UUID,

    CONSTRAINT "MappingVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MappingVersion_name_version_key" ON "MappingVersion"("name", "version");
