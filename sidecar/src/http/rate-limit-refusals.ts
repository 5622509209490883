import type { NextFunction, Response } from "express";
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import type { Logger } from "../logger.js";
import { tooManyRequests } from "./rate-limit-response.js";

const isRefusal = (status: number) => status >= 400 && status < 500;

/**
 * Signed routes (Stripe webhooks, bridge events, flow callbacks) are limited on what they refuse, never on what
 * they accept: every request is still verified, a valid one is answered as usual whatever the sender's count,
 * and only a refusal (any 4xx) is counted against its address. Once an address has used up its refusals for the
 * window, its further refusals are answered 429 with Retry-After instead of 400/401. A 2xx or 5xx is never
 * rewritten, so no validly signed event can be lost to the limiter, and a limiter failure changes nothing.
 * The count is only consulted when a refusal is being sent, so a valid event never waits for the limiter.
 */
export function limitRefusals(refusals: RateLimiterAbstract, logger: Logger) {
  const notCounted = (err: Error) => logger.warn({ err: err.message }, "rate limiter: refusal not counted");
  return (res: Response, next: NextFunction, key: string) => {
    let counted = false;
    const json = res.json.bind(res);
    // Every route here answers through res.json; only its refusals are delayed by the count and maybe replaced.
    res.json = (body) => {
      if (!isRefusal(res.statusCode)) return json(body);
      counted = true;
      refusals.consume(key).then(
        () => json(body),
        (rejection: unknown) => {
          if (rejection instanceof RateLimiterRes)
            return tooManyRequests(
              res,
              "json",
              rejection.msBeforeNext,
              "too many refused requests from this address",
              json,
            );
          notCounted(rejection as Error);
          json(body);
        },
      );
      return res;
    };
    res.on("finish", () => {
      if (!counted && isRefusal(res.statusCode)) refusals.penalty(key).catch(notCounted);
    });
    next();
  };
}
