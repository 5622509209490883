import { err, ok, type Result } from "../domain/result.js";

/** Deeper than any Stripe object or bridge payload; far below what PostgreSQL's jsonb parser can take. */
export const maxPayloadDepth = 100;

// PostgreSQL's jsonb cannot hold U+0000 or an unpaired UTF-16 surrogate (JSON allows both as escapes).
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly the character to find
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The payload as jsonb can hold it, or why it cannot be stored. */
export type StorablePayload = Result<Record<string, unknown>, string>;

class TooDeep extends Error {}

/**
 * The payload as the inbox can store it: characters jsonb refuses become U+FFFD (the signature was already
 * checked over the original bytes), and absurd nesting is refused rather than left to fail the database
 * insert, which would answer 503 and make the sender retry the same event forever.
 */
export function storablePayload(payload: Record<string, unknown>): StorablePayload {
  try {
    return ok(clean(payload, 0) as Record<string, unknown>);
  } catch (thrown) {
    if (!(thrown instanceof TooDeep)) throw thrown;
    return err(`payload is nested deeper than ${maxPayloadDepth} levels`);
  }
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === "string") return storableText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= maxPayloadDepth) throw new TooDeep();
  if (Array.isArray(value)) return value.map((item) => clean(item, depth + 1));
  // fromEntries defines own properties, so a "__proto__" key stays data and never becomes a prototype.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), clean(item, depth + 1)]));
}

/** Text as PostgreSQL can store it (text and jsonb alike refuse NUL and unpaired surrogates). */
export function storableText(text: string): string {
  unstorable.lastIndex = 0;
  return unstorable.test(text) ? text.replace(unstorable, "\uFFFD") : text;
}
