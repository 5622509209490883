import type { Response } from "express";

/** GraphQL clients read `errors`; the other routes answer with the `error` object the whole edge uses. */
export type RefusalShape = "graphql" | "json";

/** 429 with Retry-After in whole seconds (at least 1), worded for the caller that hit the limit. */
export function tooManyRequests(
  res: Response,
  shape: RefusalShape,
  msBeforeNext: number,
  what: string,
  send: (body: unknown) => unknown = (body) => res.json(body),
) {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const message = `${what}; retry in ${seconds} s`;
  res.status(429).setHeader("Retry-After", String(seconds));
  send(
    shape === "graphql"
      ? { errors: [{ message, extensions: { code: "RATE_LIMITED" } }] }
      : { error: { reason: "rate_limited", message } },
  );
}
