/**
 * `work` over `items` with at most `concurrency` running at once, started in the items' order; the results come
 * back in that order too.
 */
export async function mapInOrder<I, O>(items: I[], concurrency: number, work: (item: I) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
