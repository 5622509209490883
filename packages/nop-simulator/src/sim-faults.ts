import { z } from "zod";

/** How the simulated write-back API misbehaves, so the connector's retries and timeouts can be tested. */
export const simFaultSchema = z.object({
  /** How many write-back calls fail; 0 clears. */
  failNext: z.number().int().min(0).default(0),
  status: z.number().int().min(500).max(599).default(503),
  /** before: fail without applying; after: apply, then answer 5xx (a lost response: the retry must not re-apply). */
  when: z.enum(["before", "after"]).default("before"),
  /** Added to every write-back call until changed. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
});

export type SimFault = z.input<typeof simFaultSchema>;
export type SimFaultState = z.output<typeof simFaultSchema>;

export class SimFaults {
  private state: SimFaultState = simFaultSchema.parse({});

  set(fault: SimFault): SimFaultState {
    this.state = simFaultSchema.parse(fault);
    return this.current();
  }

  current(): SimFaultState {
    return { ...this.state };
  }

  /** Consumes one failure if one is due at this point of the call. */
  take(when: "before" | "after"): number | undefined {
    if (this.state.failNext <= 0 || this.state.when !== when) return undefined;
    this.state.failNext -= 1;
    return this.state.status;
  }
}
