// What an audit entry keeps of the values it records. A refused request is recorded too, so without a cap any
// token could write as much to the trail as it may send (100 KiB a request, hundreds of requests a minute).

/** Text up to this length is kept whole; longer text is kept as its start and its length. */
export const maxWholeText = 200;
const keptStart = 64;
/** Error messages are ours and worth reading whole, unless one quotes far too much. */
export const maxErrorText = 1000;
/** Lists keep this many items and say how many there were. */
export const maxListItems = 20;
/** Past this many characters of JSON (only reachable with many fields), the detail is replaced by its size. */
export const maxDetailChars = 8192;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** `text`, or its start and length when it is longer than `maxWhole`. */
export function summarizedText(text: string, maxWhole = maxWholeText): string {
  if (text.length <= maxWhole) return text;
  // Never end on half of a surrogate pair: the database refuses an unpaired one.
  const end = isHighSurrogate(text.charCodeAt(keptStart - 1)) ? keptStart - 1 : keptStart;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}

function summarizedValue(value: unknown): unknown {
  if (typeof value === "string") return summarizedText(value);
  if (Array.isArray(value)) {
    const kept = value.slice(0, maxListItems).map(summarizedValue);
    return value.length > maxListItems ? [...kept, `… (${value.length} items)`] : kept;
  }
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([name, v]) => [summarizedText(name), summarizedValue(v)]));
}

/** A JSON detail (secrets already removed) shortened to what an audit entry keeps. */
export function summarizedDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const summary = summarizedValue(detail) as Record<string, unknown>;
  const chars = JSON.stringify(summary).length;
  return chars <= maxDetailChars ? summary : { summary: `detail of ${chars} characters not kept` };
}
