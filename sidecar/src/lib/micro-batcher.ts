interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups concurrent calls into one batch per event-loop turn (group commit): under load one INSERT serves
 * many requests; at low rates a batch is a single item and adds no waiting.
 */
export class MicroBatcher<I, O> {
  private pending: Pending<I, O>[] = [];
  private scheduled = false;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 500,
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.run();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.run());
      }
    });
  }

  private run() {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.flush(batch.map((p) => p.item)).then(
      (results) => {
        for (const [i, p] of batch.entries()) p.resolve(results[i] as O);
      },
      (error) => {
        for (const p of batch) p.reject(error);
      },
    );
  }
}
