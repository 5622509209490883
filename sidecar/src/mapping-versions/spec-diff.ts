/** One difference between two mapping specs, by JSON path (fields.customer.object.email.from). */
export interface SpecChange {
  path: string;
  before: unknown;
  after: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The leaves that differ between two JSON values (arrays compare whole: a transform list is one change). */
export function diffSpecs(before: unknown, after: unknown, path = ""): SpecChange[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diffSpecs(before[k], after[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
}
