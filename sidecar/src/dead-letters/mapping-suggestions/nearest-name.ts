/** Edit distance (insert, delete, substitute, swap two neighbours: `emial` is one slip from `email`). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

/** Lower case, letters and digits only: `billing_Address` and `billingAddress` are one name. */
export const normalizeName = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

export interface NearestName {
  name: string;
  /** 1 for the same normalized name, falling with the edits needed. */
  similarity: number;
}

/**
 * The candidate closest to `name`, when it is close enough to be a typo or a renaming (one slip in a short name, a third of
 * the letters in a longer one, or one name containing the other); undefined otherwise or when two are equally close.
 */
export function nearestName(name: string, candidates: readonly string[]): NearestName | undefined {
  const wanted = normalizeName(name);
  const scored = candidates
    .filter((c) => c !== name)
    .map((candidate) => {
      const other = normalizeName(candidate);
      const longest = Math.max(wanted.length, other.length, 1);
      const contains = other.length >= 3 && wanted.length >= 3 && (other.includes(wanted) || wanted.includes(other));
      const distance = contains ? Math.min(editDistance(wanted, other), 1) : editDistance(wanted, other);
      return {
        name: candidate,
        distance,
        similarity: 1 - distance / longest,
        limit: longest <= 4 ? 1 : Math.max(2, longest / 3),
      };
    })
    .filter((c) => c.distance <= c.limit)
    .sort((a, b) => a.distance - b.distance);
  const [best, next] = scored;
  if (!best || (next && next.distance === best.distance)) return undefined;
  return { name: best.name, similarity: Math.round(best.similarity * 100) / 100 };
}
