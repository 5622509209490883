import { ApiError } from "./api-error.js";
import { fingerprint } from "./canonical-json.js";

export interface StoredResponse {
  status: number;
  body: unknown;
}

interface Entry extends StoredResponse {
  fingerprint: string;
}

/**
 * Remembers the response given to each (scope, key): the same key with the same body replays it, the same key
 * with another body is a client bug and is refused. Only successes are stored: a rejected request changed
 * nothing, so sending it again is harmless and answers the same.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** Runs `create` at most once per (scope, key, body). Throws ApiError 400/409 on a missing or reused key. */
  run(scope: string, key: string | undefined, body: unknown, create: () => StoredResponse): StoredResponse {
    if (!key)
      throw new ApiError(400, "idempotency_key_required", "the Idempotency-Key header is required", "Idempotency-Key");
    if (key.length > 255)
      throw new ApiError(
        400,
        "invalid_idempotency_key",
        "Idempotency-Key is longer than 255 characters",
        "Idempotency-Key",
      );
    const id = `${scope}\u0000${key}`;
    const print = fingerprint(body);
    const seen = this.entries.get(id);
    if (seen) {
      if (seen.fingerprint !== print)
        throw new ApiError(
          409,
          "idempotency_key_reused",
          `Idempotency-Key "${key}" was already used with a different request body`,
          "Idempotency-Key",
        );
      return { status: seen.status, body: seen.body };
    }
    const response = create();
    // A snapshot: the document may change later, the answer to this request does not.
    if (response.status < 300) this.entries.set(id, { ...structuredClone(response), fingerprint: print });
    return response;
  }

  clear(): void {
    this.entries.clear();
  }
}
