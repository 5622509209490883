import { z } from "zod";
import type { Period } from "../domain/ledger/trial-balance.js";
import { defineJob } from "../flow-kit/typed-job.js";

/** One scheduled run: slot n covers the look-back ending at n × interval; the next slot is queued as it ends. */
export const driftCheckJob = defineJob("ledger.drift-check", z.object({ slot: z.number().int().nonnegative() }));

export interface DriftSchedule {
  intervalMs: number;
  lookbackMs: number;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The UTC dates a run at `atMs` looks back over, both inclusive. */
export const lookbackPeriod = (atMs: number, lookbackMs: number): Period => ({
  from: day(atMs - lookbackMs),
  to: day(atMs),
});

/**
 * The job for the first slot after `nowMs`. Its id is the slot, so every process (and every restart) queues
 * the same one job, and a run queues the next.
 */
export function nextDriftJob(schedule: DriftSchedule, nowMs: number) {
  const slot = Math.floor(nowMs / schedule.intervalMs) + 1;
  return driftCheckJob.with({ slot }, { idParts: [String(slot)], delayMs: slot * schedule.intervalMs - nowMs });
}
