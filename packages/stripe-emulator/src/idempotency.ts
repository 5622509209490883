import { invalidRequest, StripeApiError } from "./errors.js";
import type { ParamObject } from "./form-decoding.js";

/** Stripe may prune keys once they are at least 24 hours old. */
const KEY_LIFETIME_SECONDS = 24 * 60 * 60;
const MAX_KEY_LENGTH = 255;

export interface SavedResponse {
  status: number;
  body: string;
  requestId: string;
}

interface Entry {
  method: string;
  path: string;
  fingerprint: string;
  createdAt: number;
  response: SavedResponse;
}

export type IdempotencyLookup = { kind: "new" } | { kind: "replay"; response: SavedResponse };

const isExpired = (entry: Entry, now: number) => now - entry.createdAt >= KEY_LIFETIME_SECONDS;

/** Canonical text of the parameters, independent of key order. */
function fingerprint(params: ParamObject): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return JSON.stringify(canonical(params));
}

/**
 * Replays the first response for a key (per API key), rejects a key reused with other parameters or on
 * another endpoint, and forgets keys after 24 hours.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  lookup(
    apiKey: string,
    key: string,
    method: string,
    path: string,
    params: ParamObject,
    now: number,
  ): IdempotencyLookup {
    if (key.length > MAX_KEY_LENGTH) {
      throw invalidRequest(`Idempotency-Key must be at most ${MAX_KEY_LENGTH} characters long.`, {
        param: "Idempotency-Key",
      });
    }
    this.prune(now);
    const id = `${apiKey}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry) return { kind: "new" };
    if (isExpired(entry, now)) {
      this.entries.delete(id);
      return { kind: "new" };
    }
    if (entry.method !== method || entry.path !== path) {
      throw new StripeApiError(400, {
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.method} ${entry.path}' vs '${method} ${path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    if (entry.fingerprint !== fingerprint(params)) {
      throw new StripeApiError(400, {
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    return { kind: "replay", response: entry.response };
  }

  save(
    apiKey: string,
    key: string,
    method: string,
    path: string,
    params: ParamObject,
    now: number,
    response: SavedResponse,
  ) {
    this.entries.set(`${apiKey}\u0000${key}`, {
      method,
      path,
      fingerprint: fingerprint(params),
      createdAt: now,
      response,
    });
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * Forgets the oldest keys. Entries are in the order they were saved, which is their age order unless a test
   * clock moved time; stopping at the first live one keeps each request's cost flat however many keys exist
   * (lookup still treats an expired key the sweep missed as new).
   */
  private prune(now: number): void {
    for (const [id, entry] of this.entries) {
      if (!isExpired(entry, now)) return;
      this.entries.delete(id);
    }
  }
}

/**
 * Stripe saves results once parameters passed validation: successes, card declines and server errors.
 * Validation failures (400), missing objects (404), auth failures and rate limiting are not saved.
 */
export function isReplayable(status: number): boolean {
  return status < 400 || status === 402 || status >= 500;
}
