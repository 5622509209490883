import { createHash } from "node:crypto";
import type { MappingSpec } from "../../domain/mapping/mapping-spec.js";

/** A dead letter's mapping failure, with what the mapping read: everything a suggestion is computed from. */
export interface MappingFailure {
  /** The version that failed. */
  spec: MappingSpec;
  /** The target field, as the problem names it (`customer.email`, `lines[0].unitPrice`, `totals.total`). */
  field: string;
  value: unknown;
  message: string;
  /** The mapping's source scope ({ order, payment }) and the document's currency. */
  scope: Record<string, unknown>;
  currency: string;
}

export type SuggestionKind =
  | "nearest-field"
  | "type-coercion"
  | "country-name"
  | "nearest-enum"
  | "minor-units"
  | "model";

/** A concrete mapping change: the whole new spec, how sure it is (0..1) and why. */
export interface MappingSuggestion {
  /** Stable for the same change: a preview or apply may name it. */
  id: string;
  kind: SuggestionKind;
  spec: MappingSpec;
  confidence: number;
  reason: string;
}

export function suggestion(kind: SuggestionKind, spec: MappingSpec, confidence: number, reason: string) {
  const id = `${kind}-${createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 12)}`;
  return { id, kind, spec, confidence: Math.round(Math.min(Math.max(confidence, 0), 1) * 100) / 100, reason };
}
