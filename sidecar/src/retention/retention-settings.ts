import { z } from "zod";
import { durationSeconds, MAX_DURATION_DAYS, MAX_DURATION_SECONDS } from "../duration-limit.js";

const grammar = "a duration such as 30d, 12h, 90m or 45s";

/** A duration setting as milliseconds; zero is refused where it would mean "constantly". */
export const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx) => {
      const seconds = durationSeconds(raw);
      if (seconds === undefined || seconds === 0 || seconds > MAX_DURATION_SECONDS) {
        ctx.addIssue({ code: "custom", message: `must be ${grammar} (at most ${MAX_DURATION_DAYS}d), not "${raw}"` });
        return z.NEVER;
      }
      return seconds * 1000;
    });

/** How long a table's rows are kept, as milliseconds; `0` or `off` is null: kept forever. */
const retention = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx) => {
      if (raw.trim() === "off") return null;
      const seconds = durationSeconds(raw);
      if (seconds === undefined || seconds > MAX_DURATION_SECONDS) {
        ctx.addIssue({
          code: "custom",
          message: `must be ${grammar} (at most ${MAX_DURATION_DAYS}d), or 0 or off to keep forever, not "${raw}"`,
        });
        return z.NEVER;
      }
      return seconds === 0 ? null : seconds * 1000;
    });

/** The retention settings (README "Retention"), spread into the config schema. */
export const retentionSettings = {
  /** Finished inbox events (processed, ignored; dead ones without an open dead letter). */
  RETENTION_INBOX: retention("30d"),
  /** The attempt history of jobs. */
  RETENTION_JOB_FAILURES: retention("14d"),
  /** Closed dead letters (replayed, discarded); open ones are never pruned. */
  RETENTION_DEAD_LETTERS: retention("90d"),
  RETENTION_AUDIT: retention("400d"),
  /** No inbox event younger than this is pruned, whatever RETENTION_INBOX says: Stripe redelivers for three days. */
  DEDUP_WINDOW: duration("4d"),
  PRUNE_INTERVAL: duration("1h"),
  /** Rows deleted per transaction: small, so no batch holds the database long. */
  PRUNE_BATCH: z.coerce.number().int().positive().max(10_000).default(500),
  /** Unset: nothing is exported. Set: pruned rows are written here (gzip NDJSON) before they are deleted. */
  PRUNE_EXPORT_DIR: z.string().optional(),
};

/** Stripe retries a webhook for up to three days; a shorter window lets a late redelivery be processed again. */
export const STRIPE_RETRY_MS = 3 * 86_400_000;
