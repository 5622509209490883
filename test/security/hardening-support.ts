import { schema } from "../../graphql/schema.js";
import { bearer } from "../support/api-tokens.js";
import { stripeEvent, stripeSignature } from "../support/signing.js";

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: assertions read whatever shape the route answered with
  body: any;
}

export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, headers: res.headers, body };
}

/**
 * The sidecar trusts X-Forwarded-For from loopback peers (a local proxy), so a test names the client address
 * it stands for. These are documentation addresses (RFC 5737): no traffic goes anywhere but 127.0.0.1.
 */
export const from = (address: string) => ({ "x-forwarded-for": address });

/** A GraphQL POST as clients (and GraphiQL) send it: JSON, with the caller's token. */
export const graphqlPost = (
  baseUrl: string,
  token: string,
  payload: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
) =>
  send(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...bearer(token), ...headers },
    body: JSON.stringify(payload),
  });

/** A Stripe webhook, validly signed unless signed with another `secret` (junk an attacker could send). */
export function stripeDelivery(baseUrl: string, headers: Record<string, string>, secret?: string) {
  const event = stripeEvent();
  const body = JSON.stringify(event);
  return {
    event,
    answer: send(`${baseUrl}/webhooks/stripe`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "stripe-signature": stripeSignature(body, secret ? { secret } : {}),
        ...headers,
      },
      body,
    }),
  };
}

interface SchemaType {
  name: string;
  ofType?: SchemaType;
  getFields?: () => Record<string, { type: SchemaType }>;
}
const namedType = (type: SchemaType): SchemaType => (type.ofType ? namedType(type.ofType) : type);

/**
 * A selection of every field of a type, and of every object below it: the most a client can ask of one row.
 * A type already open on the path (Order -> riskReview -> order) is not entered again: a cycle has no "every".
 */
export function everyField(typeName: string, path: ReadonlySet<string> = new Set()): string {
  const type = schema.getType(typeName) as unknown as SchemaType | undefined;
  if (!type?.getFields) throw new Error(`${typeName} is not an object type of the schema`);
  const open = new Set([...path, typeName]);
  return Object.entries(type.getFields())
    .flatMap(([name, field]) => {
      const inner = namedType(field.type);
      if (!inner.getFields) return [name];
      return open.has(inner.name) ? [] : [`${name} { ${everyField(inner.name, open)} }`];
    })
    .join(" ");
}
