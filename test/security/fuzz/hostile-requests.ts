// Generated and mutated requests for every public endpoint. Each request says what the sidecar must do with it
// (`expect`) and, when it could store an event, which one (`stores`), so the oracle can check that a refused
// request stored nothing and an accepted one stored exactly one row.
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { hostileArgumentsBody } from "./hostile-graphql-arguments.js";

export type Family = "stripe" | "bridge" | "payments" | "wms" | "graphql" | "other";

export interface FuzzRequest {
  family: Family;
  /** What was done to the request, for the counts printed at the end. */
  mutation: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** "accepted": must be 2xx; "refused": must be 4xx; "any": anything but 5xx. */
  expect: "accepted" | "refused" | "any";
  /** The row this request may store: present exactly when some delivery of it was answered 2xx. */
  stores?: { table: "inbox"; source: "stripe" | "bridge"; eventId: string } | { table: "shipment"; id: string };
  /** A valid event whose handler must run exactly once, however often it is delivered. */
  counted?: string;
}

export interface FuzzKeys {
  stripeSecret: string;
  bridgeSecret: string;
  wmsSecret: string;
  /** Authorization header value of a valid API token, when GraphQL needs one. */
  authorization?: string;
}

/** The event type the test registers a counting handler for, on both sources. */
export const countedType = "fuzz.counted";
export const wmsCallbackPath = "/wms/shipments";

const now = () => Math.floor(Date.now() / 1000);
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const jsonType = { "content-type": "application/json" };
/** Hostile JSON text as an object, wrapping a scalar. */
const asObject = (hostile: string) => (hostile.startsWith("{") ? hostile : `{"v":${hostile}}`);

// ---- hostile values -------------------------------------------------------------------------------------

/** Keys that pollute prototypes when a parser or merge is careless. */
const pollutingKeys = ["__proto__", "constructor", "prototype", "__defineGetter__", "hasOwnProperty", "toString"];

/** JSON text (not values: some of these cannot be produced by JSON.stringify) that parsers and databases trip on. */
const hostileJsonScalar = fc.oneof(
  fc.constantFrom(
    "1e400",
    "-1e400",
    "9007199254740993",
    "18446744073709551616",
    "-0",
    "1.7976931348623157e308",
    "5e-324",
    "0.1",
    "true",
    "null",
    '""',
    '"\\u0000"',
    '"a\\u0000b"',
    '"\\ud800"',
    '"\\udfff\\ud800"',
    '"\\uffff"',
    '"\u202e\u0000"',
    '"💳💸"',
    `"${"x".repeat(70_000)}"`,
  ),
  fc.double().map((d) => (Number.isFinite(d) ? JSON.stringify(d) : "0")),
  fc.string({ unit: "binary", maxLength: 40 }).map((s) => JSON.stringify(s)),
);

/** A JSON object literal with polluting keys and hostile values mixed into ordinary ones. */
const hostileJsonObject: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...pollutingKeys), fc.string({ unit: "binary", maxLength: 12 })),
      hostileJsonScalar,
    ),
    { maxLength: 6 },
  )
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`);

/** Nested deeper than any real payload. */
const deepJson = fc.integer({ min: 50, max: 20_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);

/** Bytes that are not valid UTF-8 inside an otherwise JSON-looking body. */
const malformedUtf8 = fc
  .uint8Array({ minLength: 1, maxLength: 8 })
  .map((bytes) =>
    Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xc3, 0x28, 0xff, ...bytes]), Buffer.from('"}')]),
  );

const notJson = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    '{"id":',
    "[]",
    "null",
    "0",
    "<xml/>",
    "a=1&b=2",
    "\u0000\u0000",
    "{'a':1}",
    "[".repeat(5000),
  ),
  fc.string({ unit: "binary", maxLength: 200 }),
);

const oddContentType = fc.constantFrom(
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
  "application/xml",
  "",
  "*/*",
);

/** Just over the 1 MiB event body limit; built once, shared by every oversized request. */
const oversized = Buffer.alloc(1024 * 1024 + 512, 0x61);

// ---- signed event endpoints -----------------------------------------------------------------------------

interface SignedEndpoint {
  family: "stripe" | "bridge" | "wms";
  path: string;
  /** The canonical valid body for an id. */
  validBody(id: string): Buffer;
  /** Headers that authenticate `body` for `id` at `timestamp` with `secret`. */
  sign(id: string, body: Buffer, timestamp: number, secret: string): Record<string, string>;
  secret: string;
  wrongSecret: string;
  stores(id: string): FuzzRequest["stores"];
  /** A hostile body that still carries `id` where the endpoint looks for it, so a stored row can be traced. */
  hostileBody(id: string, hostile: string): Buffer;
  counted: boolean;
}

function stripeEndpoint(secret: string): SignedEndpoint {
  return {
    family: "stripe",
    path: "/webhooks/stripe",
    validBody: (id) =>
      json({
        id,
        object: "event",
        api_version: "2025-09-30.clover",
        created: 1_790_000_000,
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type: countedType,
        data: { object: { id: `obj_${id}`, object: "fuzz" } },
      }),
    sign: (_id, body, timestamp, key) => ({
      "stripe-signature": Stripe.webhooks.generateTestHeaderString({
        payload: body.toString("utf8"),
        secret: key,
        timestamp,
      }),
    }),
    secret,
    wrongSecret: "whsec_not_the_right_secret_at_all",
    stores: (id) => ({ table: "inbox", source: "stripe", eventId: id }),
    hostileBody: (id, hostile) =>
      Buffer.from(
        `{"id":${JSON.stringify(id)},"object":"event","created":1790000000,"type":"fuzz.hostile","livemode":false,"data":{"object":${asObject(hostile)}},"x":${hostile}}`,
      ),
    counted: true,
  };
}

function standardWebhooksSigner(id: string, body: Buffer, timestamp: number, secret: string) {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": new Webhook(secret).sign(id, new Date(timestamp * 1000), body.toString("utf8")),
  };
}

function bridgeEndpoint(secret: string): SignedEndpoint {
  return {
    family: "bridge",
    path: "/bridge/events",
    validBody: (id) =>
      json({
        id,
        type: countedType,
        occurredAt: "2026-11-27T10:00:00.000Z",
        storeId: 1,
        contractVersion: "1.0",
        payload: { entityId: 1 },
      }),
    sign: standardWebhooksSigner,
    secret,
    wrongSecret: `whsec_${Buffer.alloc(32, 7).toString("base64")}`,
    stores: (id) => ({ table: "inbox", source: "bridge", eventId: id }),
    hostileBody: (id, hostile) =>
      Buffer.from(
        `{"id":${JSON.stringify(id)},"type":"fuzz.hostile","occurredAt":"2026-11-27T10:00:00Z","storeId":1,"contractVersion":"1.0","payload":${asObject(hostile)}}`,
      ),
    counted: true,
  };
}

function wmsEndpoint(secret: string): SignedEndpoint {
  return {
    family: "wms",
    path: wmsCallbackPath,
    validBody: (id) =>
      json({
        id,
        type: "shipment.shipped",
        timestamp: "2026-11-27T10:00:00.000Z",
        data: {
          fulfillmentRequestId: `fr_${id}`,
          orderReference: "00000000-0000-4000-8000-000000000000",
          erpDocumentNumber: "SO-FUZZ",
          status: "shipped",
          carrier: "UPS",
          trackingNumber: `1Z${id.slice(-8)}`,
          shippedAt: "2026-11-27T10:00:00.000Z",
          lines: [{ sku: "FUZZ", quantity: 1 }],
        },
      }),
    sign: standardWebhooksSigner,
    secret,
    wrongSecret: `whsec_${Buffer.alloc(32, 9).toString("base64")}`,
    stores: (id) => ({ table: "shipment", id }),
    hostileBody: (id, hostile) =>
      Buffer.from(
        `{"id":${JSON.stringify(id)},"type":"shipment.shipped","timestamp":${hostile},"data":${asObject(hostile)}}`,
      ),
    counted: false,
  };
}

/** Every way a delivery to a signed endpoint can be wrong, plus valid deliveries and replays of them. */
function signedEndpointRequests(endpoint: SignedEndpoint, runId: string): fc.Arbitrary<FuzzRequest> {
  const base = { family: endpoint.family, method: "POST", path: endpoint.path } as const;
  // A small pool of valid ids: drawing one twice is a replayed delivery.
  const validId = fc.integer({ min: 0, max: 399 }).map((n) => `evt_${endpoint.family}_${runId}_valid_${n}`);
  const hostileId = fc.integer({ min: 0, max: 1e9 }).map((n) => `evt_${endpoint.family}_${runId}_hostile_${n}`);
  const refusedId = fc.integer({ min: 0, max: 1e9 }).map((n) => `evt_${endpoint.family}_${runId}_refused_${n}`);

  const signed = (id: string, body: Buffer, timestamp = now(), secret = endpoint.secret) =>
    endpoint.sign(id, body, timestamp, secret);

  const valid = fc.tuple(validId, fc.option(oddContentType, { nil: undefined })).map(([id, contentType]) => {
    const body = endpoint.validBody(id);
    return {
      ...base,
      mutation: contentType === undefined ? "valid" : "valid, odd content type",
      headers: { "content-type": contentType ?? "application/json", ...signed(id, body) },
      body,
      expect: "accepted",
      stores: endpoint.stores(id),
      counted: endpoint.counted ? id : undefined,
    } satisfies FuzzRequest;
  });

  const refused = (mutation: string, make: (id: string, body: Buffer) => Partial<FuzzRequest>) =>
    refusedId.map((id) => {
      const body = endpoint.validBody(id);
      return {
        ...base,
        mutation,
        headers: { ...jsonType, ...signed(id, body) },
        body,
        expect: "refused",
        stores: endpoint.stores(id),
        ...make(id, body),
      } satisfies FuzzRequest;
    });

  const signatureHeaders = Object.keys(signed("x", Buffer.from("x")));

  const badSignature = fc.oneof(
    refused("wrong secret", (id, body) => ({
      headers: { ...jsonType, ...signed(id, body, now(), endpoint.wrongSecret) },
    })),
    refused("no signature", () => ({ headers: { ...jsonType } })),
    refused("garbage signature", (id, body) => {
      const headers = signed(id, body);
      const name = signatureHeaders.find((h) => h.endsWith("signature"))!;
      return { headers: { ...jsonType, ...headers, [name]: `v1,${Buffer.from(id).toString("base64")}` } };
    }),
    refused("stale timestamp", (id, body) => ({ headers: { ...jsonType, ...signed(id, body, now() - 301 - 86_400) } })),
    refused("future timestamp", (id, body) => ({ headers: { ...jsonType, ...signed(id, body, now() + 3_600) } })),
    refused("truncated after signing", (id, body) => ({
      headers: { ...jsonType, ...signed(id, body) },
      body: body.subarray(0, Math.max(1, body.length - 7)),
    })),
    refused("byte flipped after signing", (id, body) => {
      const tampered = Buffer.from(body);
      tampered[tampered.length >> 1] = (tampered[tampered.length >> 1]! + 1) & 0xff;
      return { headers: { ...jsonType, ...signed(id, body) }, body: tampered };
    }),
    refused("oversized", (id) => ({ headers: { ...jsonType, ...signed(id, oversized) }, body: oversized })),
  );

  // Authentic (validly signed) but hostile content: anything but a 5xx; stored at most once.
  const signedHostile = fc
    .tuple(hostileId, fc.oneof(hostileJsonScalar, hostileJsonObject, deepJson))
    .map(([id, hostile]) => {
      const body = endpoint.hostileBody(id, hostile);
      return {
        ...base,
        mutation: "signed hostile content",
        headers: { ...jsonType, ...signed(id, body) },
        body,
        expect: "any",
        stores: endpoint.stores(id),
      } satisfies FuzzRequest;
    });
  const signedGarbage = fc
    .tuple(
      hostileId,
      fc.oneof(
        notJson.map((s) => Buffer.from(s)),
        malformedUtf8,
      ),
    )
    .map(
      ([id, body]) =>
        ({
          ...base,
          mutation: "signed non-JSON",
          headers: { ...jsonType, ...signed(id, body) },
          body,
          expect: "refused",
          stores: endpoint.stores(id),
        }) satisfies FuzzRequest,
    );

  return fc.oneof(
    { arbitrary: valid, weight: 4 },
    { arbitrary: badSignature, weight: 4 },
    { arbitrary: signedHostile, weight: 2 },
    { arbitrary: signedGarbage, weight: 1 },
  );
}

// ---- the plugin's signed payment calls ----------------------------------------------------------------------

function paymentRequests(keys: FuzzKeys): fc.Arbitrary<FuzzRequest> {
  const path = fc.constantFrom(
    "/bridge/payments/create-intent",
    "/bridge/payments/attach-order",
    "/bridge/payments/order-intent",
    "/bridge/payments/capture",
    "/bridge/payments/refund",
    "/bridge/payments/void",
  );
  const hostileInput = fc.oneof(
    hostileJsonObject,
    hostileJsonScalar,
    fc.constantFrom(
      '{"orderId":1e20}',
      '{"orderId":-1}',
      '{"orderId":987654321}',
      '{"orderId":"1"}',
      '{"customerId":1,"customerGuid":"00000000-0000-0000-0000-000000000000","storeId":0,"amount":"99999999999999999999.99","currencyCode":"USD"}',
      '{"customerId":1,"customerGuid":"00000000-0000-0000-0000-000000000000","storeId":0,"amount":"0.001","currencyCode":"JPY"}',
      '{"customerId":1,"customerGuid":"00000000-0000-0000-0000-000000000000","storeId":0,"amount":"10.00","currencyCode":"XXX"}',
      '{"paymentIntentId":"pi_doesnotexist","orderGuid":"00000000-0000-0000-0000-000000000000","customerId":1,"storeId":0,"orderTotal":"1.00"}',
      '{"__proto__":{"polluted":true},"orderId":1}',
      '{"orderGuid":"00000000-0000-0000-0000-000000000000"}',
      '{"orderGuid":"00000000-0000-0000-0000-000000000000","amount":"999999999999999999.99","isPartialRefund":true}',
      '{"orderGuid":"00000000-0000-0000-0000-000000000000","amount":"0","isPartialRefund":false}',
      '{"orderGuid":"00000000-0000-0000-0000-000000000000","amount":"1.001","isPartialRefund":true}',
      '{"orderGuid":"not-a-guid","amount":"1.00","isPartialRefund":true}',
    ),
  );
  const signedHostile = fc.tuple(path, hostileInput, fc.uuid()).map(([p, text, id]) => {
    const body = Buffer.from(text);
    return {
      family: "payments",
      mutation: "signed hostile input",
      method: "POST",
      path: p,
      headers: { ...jsonType, ...standardWebhooksSigner(id, body, now(), keys.bridgeSecret) },
      body,
      expect: "any",
    } satisfies FuzzRequest;
  });
  const unsigned = fc.tuple(path, hostileInput).map(
    ([p, text]) =>
      ({
        family: "payments",
        mutation: "unsigned",
        method: "POST",
        path: p,
        headers: jsonType,
        body: Buffer.from(text),
        expect: "refused",
      }) satisfies FuzzRequest,
  );
  return fc.oneof(signedHostile, unsigned);
}

// ---- GraphQL ----------------------------------------------------------------------------------------------

const validQueries = [
  "{ queueHealth { backend } }",
  "query Q($first: Int) { inboxEvents(first: $first) { edges { node { id source type status } } pageInfo { hasNextPage } } }",
  "{ deadLetters(first: 5) { edges { node { id error } } } }",
  "{ orders(first: 3) { edges { node { orderGuid } } } }",
];

function graphqlRequests(keys: FuzzKeys): fc.Arbitrary<FuzzRequest> {
  const auth: Record<string, string> = keys.authorization ? { authorization: keys.authorization } : {};
  const post = (mutation: string, body: Buffer | string, expect: FuzzRequest["expect"], headers = {}) =>
    ({
      family: "graphql",
      mutation,
      method: "POST",
      path: "/graphql",
      headers: { ...jsonType, ...auth, ...headers },
      body: Buffer.isBuffer(body) ? body : Buffer.from(body),
      expect,
    }) satisfies FuzzRequest;

  const valid = fc
    .tuple(fc.constantFrom(...validQueries), fc.integer({ min: 1, max: 50 }))
    .map(([query, first]) => post("valid query", JSON.stringify({ query, variables: { first } }), "accepted"));
  const deep = fc
    .integer({ min: 20, max: 3_000 })
    .map((depth) =>
      post(
        "deep query",
        JSON.stringify({ query: `{ ${"inboxEvents { edges { node { ".repeat(depth)}id${" } } }".repeat(depth)} }` }),
        "refused",
      ),
    );
  const aliases = fc.integer({ min: 200, max: 20_000 }).map((n) =>
    post(
      "alias flood",
      JSON.stringify({
        query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: queueHealth { backend }`).join(" ")} }`,
      }),
      "refused",
    ),
  );
  const outOfRange = fc
    .constantFrom("1e20", "-1", "2147483648", "1.5", '"10"', "null", "-2147483649", "1e400")
    .map((first) =>
      post(
        "variable out of range",
        `{"query":"query Q($first: Int) { inboxEvents(first: $first) { edges { node { id } } } }","variables":{"first":${first}}}`,
        "any",
      ),
    );
  const garbageQuery = fc
    .oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.constantFrom("{", "}", "query {", "{ __typename", "mutation"),
    )
    .map((query) => post("garbage query", JSON.stringify({ query }), "refused"));
  const badBody = fc.oneof(notJson, hostileJsonObject).map((text) => post("malformed body", text, "any"));
  const badUtf8 = malformedUtf8.map((body) => post("malformed unicode", body, "any"));
  const wrongType = fc
    .tuple(fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"))
    .map(([type]) =>
      post("simple content type (CSRF)", JSON.stringify({ query: validQueries[0] }), "refused", {
        "content-type": type,
      }),
    );
  const mutationByGet = fc.constant({
    family: "graphql",
    mutation: "mutation over GET",
    method: "GET",
    path: `/graphql?query=${encodeURIComponent('mutation { replayDeadLetter(id: "00000000-0000-0000-0000-000000000000") { __typename } }')}`,
    headers: { accept: "application/json", ...auth },
    expect: "refused",
  } satisfies FuzzRequest);
  // GETs with the CSRF header reach Yoga's parser: hostile query, variables and extensions parameters.
  const percentEncoded = (text: string) =>
    [...Buffer.from(text, "utf8")].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
  const hostileParameter = fc.oneof(
    fc.constantFrom(
      "sk_live_FUZZCANARY",
      '{"first":"sk_live_FUZZCANARY"}',
      '{"first":"FUZZCANARY',
      '{ "FUZZCANARY" }',
      "{",
      "}",
      "[",
      "1",
      "null",
      '"x"',
      "{'a':1}",
      "\u0000",
      "💳💸",
      "\ud800",
    ),
    notJson,
    hostileJsonObject,
    hostileJsonScalar,
    deepJson.map((text) => text.slice(0, 6_000)),
    fc.integer({ min: 1_000, max: 40_000 }).map((n) => "x".repeat(n)),
  );
  const rawBytes = fc.constantFrom("%c3%28%ff", "%ff%fe", "%00", "%e2%80%ae", "%ed%a0%80", "%", "%zz");
  const getParameters = fc
    .record(
      {
        query: fc.oneof(
          fc.constantFrom(...validQueries),
          fc.string({ unit: "binary", maxLength: 200 }),
          hostileParameter,
        ),
        variables: hostileParameter,
        extensions: hostileParameter,
        operationName: fc.string({ unit: "binary", maxLength: 40 }),
        raw: rawBytes,
      },
      { requiredKeys: ["query"] },
    )
    .map(({ raw, ...parameters }) => {
      const encoded = Object.entries(parameters).map(([name, value]) => `${name}=${percentEncoded(value)}`);
      if (raw !== undefined) encoded.push(`variables=${raw}`);
      return {
        family: "graphql",
        mutation: "hostile GET parameters",
        method: "GET",
        path: `/graphql?${encoded.join("&")}`,
        headers: { accept: "application/json", "x-graphql-yoga-csrf": "1", ...auth },
        expect: "any",
      } satisfies FuzzRequest;
    });
  const validGet = fc.constantFrom(...validQueries).map(
    (query) =>
      ({
        family: "graphql",
        mutation: "valid GET",
        method: "GET",
        path: `/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent('{"first":2}')}`,
        headers: { accept: "application/json", "x-graphql-yoga-csrf": "1", ...auth },
        expect: keys.authorization ? "accepted" : "any",
      }) satisfies FuzzRequest,
  );
  const batched = fc
    .integer({ min: 2, max: 500 })
    .map((n) => post("batched", JSON.stringify(Array.from({ length: n }, () => ({ query: validQueries[0] }))), "any"));
  const huge = fc.constant(
    post("huge body", JSON.stringify({ query: `{ queueHealth { backend } } #${"x".repeat(2_000_000)}` }), "refused"),
  );
  // Answered with data or a client error, never an unexpected one (fuzz.test.ts checks every GraphQL answer).
  const hostileArguments = hostileArgumentsBody.map((body) => post("hostile arguments", body, "any"));
  const noToken = fc.constantFrom(...validQueries).map((query) => ({
    ...post("no token", JSON.stringify({ query }), keys.authorization ? "refused" : "any"),
    headers: jsonType,
  }));

  return fc.oneof(
    { arbitrary: valid, weight: 4 },
    { arbitrary: deep, weight: 2 },
    { arbitrary: aliases, weight: 1 },
    { arbitrary: outOfRange, weight: 2 },
    { arbitrary: garbageQuery, weight: 2 },
    { arbitrary: badBody, weight: 2 },
    { arbitrary: badUtf8, weight: 1 },
    { arbitrary: wrongType, weight: 1 },
    { arbitrary: mutationByGet, weight: 1 },
    { arbitrary: getParameters, weight: 4 },
    { arbitrary: validGet, weight: 1 },
    { arbitrary: batched, weight: 1 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: noToken, weight: 2 },
    { arbitrary: hostileArguments, weight: 8 },
  );
}

// ---- everything else --------------------------------------------------------------------------------------

function otherRequests(): fc.Arbitrary<FuzzRequest> {
  const path = fc.oneof(
    fc.constantFrom(
      "/healthz",
      "/readyz",
      "/metrics",
      "/",
      "/graphql/../webhooks/stripe",
      "/webhooks/stripe/%2e%2e/%2e%2e/etc/passwd",
      "/bridge/events?__proto__[polluted]=1",
      "/graphql?constructor[prototype][polluted]=1",
      "/%00",
      "/%ff%fe",
      `/${"a".repeat(4000)}`,
    ),
    fc.webPath().map((p) => `/${p.replace(/^\/+/, "")}`),
  );
  const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
  return fc.tuple(method, path, fc.option(notJson, { nil: undefined })).map(
    ([m, p, text]) =>
      ({
        family: "other",
        mutation: "odd method or path",
        method: m,
        path: p,
        headers: {},
        body: text === undefined || m === "GET" || m === "HEAD" ? undefined : Buffer.from(text),
        expect: "any",
      }) satisfies FuzzRequest,
  );
}

/** The whole mix, weighted towards the endpoints that take money-moving input. */
export function hostileRequests(keys: FuzzKeys, runId: string): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    { arbitrary: signedEndpointRequests(stripeEndpoint(keys.stripeSecret), runId), weight: 30 },
    { arbitrary: signedEndpointRequests(bridgeEndpoint(keys.bridgeSecret), runId), weight: 25 },
    { arbitrary: signedEndpointRequests(wmsEndpoint(keys.wmsSecret), runId), weight: 10 },
    { arbitrary: paymentRequests(keys), weight: 10 },
    { arbitrary: graphqlRequests(keys), weight: 20 },
    { arbitrary: otherRequests(), weight: 5 },
  );
}
