/** Where a backfill is: the next page to read, so a crash resumes there. */
export interface BackfillCheckpoint {
  name: string;
  pageSize: number;
  nextPageIndex: number;
  processed: number;
  totalCount: number | null;
  finished: boolean;
}

export interface BackfillProgress {
  processed: number;
  totalCount: number | null;
}

export interface BackfillRun {
  /** The checkpoint's name: a second run of the same name resumes where the first stopped. */
  name?: string;
  pageSize?: number;
  /** Items of a page worked on at once (the pacer still holds Stripe to its rate). */
  concurrency?: number;
  onProgress?: (progress: BackfillProgress) => void;
  /**
   * Stops the run as a crash would: items not yet begun are left, the page under way is not checkpointed and is
   * read again by the next run (whose items already brought across plan nothing).
   */
  signal?: AbortSignal;
}

/** Where a backfill keeps its checkpoints (one row per name). */
export interface BackfillCheckpoints {
  checkpoint(name: string): Promise<BackfillCheckpoint | undefined>;
  saveCheckpoint(checkpoint: BackfillCheckpoint): Promise<void>;
}

export interface BackfillSource<T> {
  /** The default checkpoint name. */
  name: string;
  readPage(pageIndex: number, pageSize: number): Promise<{ items: readonly T[]; totalCount: number }>;
  /** Brings one item across; must be idempotent (a page is repeated after a crash). */
  bringAcross(item: T): Promise<void>;
}

/**
 * Reads `source` page by page and brings each item across. The checkpoint (the next page) is written after a page
 * is done, so a crash repeats at most one page. A finished checkpoint run again starts a new pass from page 0.
 */
export async function runPagedBackfill<T>(
  checkpoints: BackfillCheckpoints,
  source: BackfillSource<T>,
  options: BackfillRun = {},
): Promise<BackfillCheckpoint> {
  const name = options.name ?? source.name;
  const concurrency = options.concurrency ?? 8;
  let at: BackfillCheckpoint = (await checkpoints.checkpoint(name)) ?? {
    name,
    pageSize: options.pageSize ?? 100,
    nextPageIndex: 0,
    processed: 0,
    totalCount: null,
    finished: false,
  };
  if (at.finished) at = { ...at, nextPageIndex: 0, processed: 0, finished: false }; // a new pass
  const { signal } = options;
  while (!signal?.aborted) {
    const page = await source.readPage(at.nextPageIndex, at.pageSize);
    let done = 0;
    const whole = await inParallel(
      page.items,
      concurrency,
      async (item) => {
        await source.bringAcross(item);
        options.onProgress?.({ processed: at.processed + ++done, totalCount: page.totalCount });
      },
      signal,
    );
    if (!whole) break;
    const finished = (at.nextPageIndex + 1) * at.pageSize >= page.totalCount || page.items.length === 0;
    at = {
      ...at,
      nextPageIndex: at.nextPageIndex + 1,
      processed: at.processed + page.items.length,
      totalCount: page.totalCount,
      finished,
    };
    await checkpoints.saveCheckpoint(at);
    if (finished) break;
  }
  return at;
}

/** Runs `work` over `items`, at most `limit` at a time; false when `signal` stopped it before the last. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<boolean> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return next >= items.length && !signal?.aborted;
}
