import { z } from "zod";
import type { FlowHost } from "./flow-host.js";
import { defineJob, type JobType } from "./typed-job.js";

/** The payload of a scheduled job: the time slot it runs for (slot n starts at n × interval). */
export const slotSchema = z.object({ slot: z.number().int().min(0) });

/** A job type run on a schedule, one job per time slot. */
export const defineScheduledJob = (name: string): JobType<z.output<typeof slotSchema>> => defineJob(name, slotSchema);

/**
 * Runs `work` every `everyMs` (0: never; a test or an admin runs it by hand). Every process that starts queues the
 * current slot's job (its id is the slot, so it is queued once however many processes run) and each run queues
 * the next slot's, delayed until that slot starts.
 */
export function scheduleEvery(
  host: Pick<FlowHost, "onJob" | "enqueue">,
  job: JobType<z.output<typeof slotSchema>>,
  everyMs: number,
  work: () => Promise<unknown>,
): void {
  const schedule = (slot: number) =>
    host.enqueue([
      job.with({ slot }, { idParts: [String(slot)], delayMs: Math.max(0, (slot + 1) * everyMs - Date.now()) }),
    ]);
  host.onJob(job, async ({ slot }) => {
    await work();
    if (everyMs > 0) await schedule(slot + 1);
  });
  // A process that cannot enqueue now (closing at once, say) leaves it to the next one that starts.
  if (everyMs > 0) schedule(Math.floor(Date.now() / everyMs)).catch(() => undefined);
}
