import type { NextFunction, Request, Response } from "express";
import { z } from "zod";

/** What a simulator should do to matching requests, so tests can exercise every failure the connectors handle. */
export const faultSchema = z.object({
  /** error: answer `status`; timeout: never answer; slow: answer normally after `delayMs`; none: clear. */
  mode: z.enum(["error", "timeout", "slow", "none"]),
  status: z.number().int().min(400).max(599).default(503),
  delayMs: z.number().int().min(0).default(1000),
  /** How many matching requests are affected; unset means until cleared. */
  count: z.number().int().positive().optional(),
  /** Only requests whose path starts with this prefix; unset means every API route. */
  path: z.string().startsWith("/").optional(),
  /** Only requests with this HTTP method. */
  method: z.string().toUpperCase().optional(),
});

export type Fault = z.input<typeof faultSchema>;
type ActiveFault = z.output<typeof faultSchema> & { remaining: number };

export interface FaultState {
  mode: Fault["mode"];
  status: number;
  delayMs: number;
  path?: string;
  method?: string;
  /** Requests still to be affected; null means until cleared. */
  remaining: number | null;
  /** Requests affected since the fault was set. */
  applied: number;
}

/**
 * One active fault at a time: tests set one, run, and the fault expires by count or is cleared.
 * Control routes (/_control) are never affected, so a test can always clear what it set.
 */
export class FaultInjector {
  private active: ActiveFault | undefined;
  private applied = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  set(fault: Fault): void {
    const parsed = faultSchema.parse(fault);
    this.applied = 0;
    this.active =
      parsed.mode === "none" ? undefined : { ...parsed, remaining: parsed.count ?? Number.POSITIVE_INFINITY };
  }

  clear(): void {
    this.set({ mode: "none" });
  }

  state(): FaultState | null {
    const f = this.active;
    if (!f) return null;
    return {
      mode: f.mode,
      status: f.status,
      delayMs: f.delayMs,
      path: f.path,
      method: f.method,
      remaining: Number.isFinite(f.remaining) ? f.remaining : null,
      applied: this.applied,
    };
  }

  /** Express middleware; mount it after the control routes. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const fault = this.take(req.method, req.path);
    if (!fault) {
      next();
      return;
    }
    res.locals.faulted = fault.mode;
    switch (fault.mode) {
      case "error":
        res.status(fault.status).json({ error: { code: "injected_fault", message: `injected ${fault.status}` } });
        return;
      case "timeout":
        // Hold the request open; the client's timeout or the server's close ends it.
        return;
      case "slow":
        this.later(fault.delayMs, next);
        return;
      case "none":
        next();
        return;
    }
  };

  /** Requests held by a "slow" fault and not yet passed on; lets a test wait until they have run. */
  pendingDelays(): number {
    return this.timers.size;
  }

  /** Cancels pending delays, for a clean shutdown. */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private take(method: string, path: string): ActiveFault | undefined {
    const f = this.active;
    if (!f || path.startsWith("/_control")) return undefined;
    if (f.path && !path.startsWith(f.path)) return undefined;
    if (f.method && f.method !== method.toUpperCase()) return undefined;
    f.remaining -= 1;
    this.applied += 1;
    if (f.remaining <= 0) this.active = undefined;
    return f;
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }
}
