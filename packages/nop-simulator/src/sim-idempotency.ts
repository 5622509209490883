/** A stored answer to a write, replayed when the same request id comes again. */
export interface StoredAnswer {
  fingerprint: string;
  status: number;
  body: unknown;
}

/**
 * Write-backs are idempotent by request id (the webhook-id header): the first final answer is kept and replayed.
 * 5xx answers are not kept, so a retry runs again. Oldest entries go first once `capacity` is reached.
 */
export class SimIdempotency {
  private readonly answers = new Map<string, StoredAnswer>();

  constructor(private readonly capacity = 100_000) {}

  get(requestId: string): StoredAnswer | undefined {
    return this.answers.get(requestId);
  }

  remember(requestId: string, answer: StoredAnswer): void {
    if (answer.status >= 500) return;
    if (this.answers.size >= this.capacity) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
    this.answers.set(requestId, answer);
  }

  get size(): number {
    return this.answers.size;
  }
}
