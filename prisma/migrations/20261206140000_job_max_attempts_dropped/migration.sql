-- The job runner takes the attempt limit from the retry policy of the system that failed; the per-row copy was
-- never read.
ALTER TABLE "Job" DROP COLUMN "maxAttempts";
