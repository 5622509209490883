import type { NextFunction, Request, Response } from "express";

export interface LoggedRequest {
  method: string;
  path: string;
  /** `GET /sales-orders/:id`: the route that answered, known once the response ends; else the raw path. */
  route: string;
  /** 0 while in flight, or when no answer was sent (a timeout fault). */
  status: number;
  /** Set when the fault injector answered instead of the route. */
  fault?: string;
  at: string;
}

/** Every API call with its outcome, so tests can assert how often a connector really called. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (req.path.startsWith("/_control")) {
      next();
      return;
    }
    // Logged on arrival so a count taken right after the client's await is never short.
    const entry: LoggedRequest = {
      method: req.method,
      path: req.path,
      route: `${req.method} ${req.path}`,
      status: 0,
      at: new Date().toISOString(),
    };
    this.entries.push(entry);
    res.on("close", () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      if (typeof pattern === "string") entry.route = `${entry.method} ${pattern}`;
      if (res.headersSent) entry.status = res.statusCode;
      const fault = res.locals.faulted as string | undefined;
      if (fault) entry.fault = fault;
    });
    next();
  };

  all(): readonly LoggedRequest[] {
    return this.entries;
  }

  /** Calls per route, e.g. `{ "POST /sales-orders": 3 }`. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.entries) counts[e.route] = (counts[e.route] ?? 0) + 1;
    return counts;
  }

  /** Calls with this method whose path starts with `pathPrefix`. */
  count(method: string, pathPrefix: string): number {
    const m = method.toUpperCase();
    return this.entries.filter((e) => e.method === m && e.path.startsWith(pathPrefix)).length;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
