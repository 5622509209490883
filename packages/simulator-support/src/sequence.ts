/** Human-friendly document numbers such as SO-000123, the way ERPs and warehouses number their documents. */
export function documentNumbers(prefix: string, start = 1): () => string {
  let next = start;
  return () => `${prefix}-${String(next++).padStart(6, "0")}`;
}
