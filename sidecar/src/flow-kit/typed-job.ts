import { describeZodError } from "@nop-stripe/contract/describe-zod-error.js";
import type { z } from "zod";
import type { JobSpec } from "../jobs/job-queue.js";
import { PermanentError } from "../jobs/permanent-error.js";

/** A kind of job a flow runs: its name and the shape of its payload, checked when a job is made and when it runs. */
export interface JobType<Payload> {
  readonly name: string;
  /**
   * One job of this type. Its id is the name and `idParts`, so the same parts make the same job: enqueued twice,
   * it is queued once (a timer per order, say). BullMQ refuses ":" in ids, so it becomes "-".
   */
  with(payload: Payload, options: { idParts: readonly string[]; delayMs?: number }): JobSpec;
  /** The payload of a job about to run, or a PermanentError naming what does not fit. */
  parse(data: unknown): Payload;
}

export function defineJob<Schema extends z.ZodType<Record<string, unknown>>>(
  name: string,
  payload: Schema,
): JobType<z.output<Schema>> {
  return {
    name,
    with: (data, { idParts, delayMs }) => ({
      id: [name, ...idParts].join("~").replaceAll(":", "-"),
      name,
      data: payload.parse(data) as Record<string, unknown>,
      ...(delayMs === undefined ? {} : { delayMs }),
    }),
    parse: (data) => {
      const parsed = payload.safeParse(data);
      if (parsed.success) return parsed.data;
      throw new PermanentError(`job ${name}: ${describeZodError(parsed.error, "data")}`, {
        code: "job_payload_invalid",
        suggestion: "the job was made by another version of the sidecar: close the dead letter once understood",
      });
    },
  };
}
