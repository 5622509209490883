/** A flush result for one item that failed on its own; the batcher rejects that item's promise with `error`. */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Groups concurrent calls into batches (group commit): under load one INSERT serves many requests; at low
 * rates a batch is a single item and adds no waiting. At most `maxInFlight` batches run at once; items that
 * arrive meanwhile wait for the next one, so batches grow with load instead of round trips.
 */
export class MicroBatcher<I, O> {
  private pending: Pending<I, O>[] = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly flush: (items: I[]) => Promise<(O | ItemFailure)[]>,
    private readonly options: { maxBatch?: number; maxInFlight?: number } = {},
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.run());
      }
    });
  }

  private run() {
    this.scheduled = false;
    const maxBatch = this.options.maxBatch ?? 500;
    while (this.pending.length > 0 && this.inFlight < (this.options.maxInFlight ?? 4)) {
      const batch = this.pending.splice(0, maxBatch);
      this.inFlight++;
      this.flush(batch.map((p) => p.item))
        .then(
          (results) => {
            for (const [i, p] of batch.entries()) {
              const result = results[i];
              if (result instanceof ItemFailure) p.reject(result.error);
              else p.resolve(result as O);
            }
          },
          (error) => {
            for (const p of batch) p.reject(error);
          },
        )
        .finally(() => {
          this.inFlight--;
          if (this.pending.length > 0) this.run();
        });
    }
  }
}
