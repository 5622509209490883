import { timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { ApiError, sendError } from "./api-error.js";

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Requires `Authorization: Bearer <apiKey>` on every API route, as the real systems would. */
export function bearerAuth(apiKey: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get("authorization") ?? "";
    const match = /^Bearer (.+)$/i.exec(header);
    if (match?.[1] && sameSecret(match[1], apiKey)) {
      next();
      return;
    }
    res.set("WWW-Authenticate", "Bearer");
    sendError(res, new ApiError(401, "unauthorized", "missing or wrong API key (Authorization: Bearer <key>)"));
  };
}
