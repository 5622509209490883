// Hostile arguments for every query and mutation of the schema that takes any: cursors the API never issued,
// ids that are not UUIDs, strings with NUL or unpaired surrogates, integers at and past the 32-bit edges, dates
// no database stores, values of the wrong type and objects with prototype-polluting keys, sent as variables or
// as literals. The schema is read at start, so a new field or argument is fuzzed without a change here.
import fc from "fast-check";
import { schema } from "../../../graphql/schema.js";

/**
 * A value written as is, in the variables' JSON and in the document: numbers JSON.stringify cannot produce
 * (1e400), enum values (bare in a document, strings in JSON), objects with a `__proto__` key of their own.
 */
class Written {
  constructor(
    readonly json: string,
    readonly literal = json,
  ) {}
}
type Hostile = string | number | boolean | null | Written | Hostile[] | { [key: string]: Hostile };

interface Argument {
  name: string;
  /** As the schema prints it: `[String!]`, `ID!`, … */
  type: string;
  named: string;
  required: boolean;
  list: boolean;
}

interface RootField {
  operation: "query" | "mutation";
  name: string;
  args: Argument[];
  /** `{ __typename }` for an object, nothing for a scalar. */
  selection: string;
}

interface SchemaType {
  name: string;
  ofType?: SchemaType;
  getFields?: () => Record<string, { args: { name: string; type: SchemaType }[]; type: SchemaType }>;
  getValues?: () => { name: string }[];
}
const namedType = (type: SchemaType): SchemaType => (type.ofType ? namedType(type.ofType) : type);
const typeNamed = (name: string) => schema.getType(name) as unknown as SchemaType;

function rootFields(operation: RootField["operation"], typeName: string): RootField[] {
  return Object.entries(typeNamed(typeName).getFields?.() ?? {})
    .filter(([, field]) => field.args.length > 0)
    .map(([name, field]) => ({
      operation,
      name,
      args: field.args.map((arg) => {
        const type = String(arg.type);
        return {
          name: arg.name,
          type,
          named: namedType(arg.type).name,
          required: type.endsWith("!"),
          list: type.startsWith("["),
        };
      }),
      selection: namedType(field.type).getFields ? "{ __typename }" : "",
    }));
}

const fields = [...rootFields("query", "Query"), ...rootFields("mutation", "Mutation")];

/**
 * Enum values the fuzz may send as they are. A rotation of any other secret kind would replace the secrets the
 * fuzz signs its valid deliveries with (valid deliveries must keep being accepted).
 */
const harmlessEnumValues: Record<string, string[]> = { SecretKind: ["llm_api_key"] };

const base64url = (text: string) => Buffer.from(text).toString("base64url");

/** Shaped like the API's cursors (base64url of `<ISO time>|<id>`), with what no connection issues inside. */
const forgedCursor = fc
  .tuple(
    fc.constantFrom(
      "2026-11-27T10:00:00.000Z",
      "+275760-09-13T00:00:00.000Z",
      "-271821-04-20T00:00:00.000Z",
      "0000-01-01T00:00:00.000Z",
      "yesterday",
      "",
    ),
    fc.constantFrom("1", "a\u0000b", "\ud800", "not-a-uuid", "99999999999999999999", "-1", "", "|", "x".repeat(300)),
  )
  .map(([at, id]) => base64url(`${at}|${id}`));

const hostileString: fc.Arbitrary<Hostile> = fc.oneof(
  fc.constantFrom(
    "!!garbage!!",
    "x",
    "",
    " ",
    "\u0000",
    "open\u0000ai",
    "\ud800",
    "\udfff\ud800",
    "a\u001b[31mb",
    "\u202e\u0000",
    "💳",
    '\'; DROP TABLE "ApiToken"; --',
    "%_\\",
    "00000000-0000-0000-0000-000000000000",
    "5D2F8A61-0000-4000-8000-00000000000Z",
    "99999999999999999999",
    "12.50",
    "-1e400",
    "x".repeat(20_000),
  ),
  forgedCursor,
  fc.string({ unit: "binary", maxLength: 40 }),
);

const hostileInt: fc.Arbitrary<Hostile> = fc.oneof(
  fc.constantFrom(0, -1, 1, 200, 201, 2_147_483_647, -2_147_483_648),
  fc
    .constantFrom("2147483648", "-2147483649", "1e20", "1.5", "1e400", "-0", "9007199254740993")
    .map((t) => new Written(t)),
);

const hostileDate: fc.Arbitrary<Hostile> = fc.constantFrom(
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00.000Z",
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "2026-13-45T00:00:00Z",
  "2026-11-27",
  "garbage",
  "",
  1_700_000_000_000,
  new Written("1e400"),
);

const enumValue = (name: string) => new Written(JSON.stringify(name), name);

function hostileEnum(type: string): fc.Arbitrary<Hostile> {
  const valid =
    harmlessEnumValues[type] ??
    typeNamed(type)
      .getValues?.()
      .map((v) => v.name) ??
    [];
  return fc.oneof(
    ...(valid.length ? [fc.constantFrom(...valid).map(enumValue)] : []),
    fc.constantFrom("nope", "LLM_API_KEY", "__proto__", "true").map(enumValue),
    fc.constantFrom<Hostile>("", "\u0000", 1, true),
  );
}

/** Objects and values of the wrong type, for any argument, with the keys that pollute careless merges. */
const wrongType: fc.Arbitrary<Hostile> = fc.constantFrom<Hostile>(
  new Written('{"__proto__":{"polluted":true}}', "{__proto__: {polluted: true}}"),
  new Written('{"constructor":{"prototype":{"polluted":true}}}', "{constructor: {prototype: {polluted: true}}}"),
  { toString: "x", valueOf: 1, hasOwnProperty: null },
  [["x"]],
  ["sk-LEAKTEST-AAAA1111"],
  {},
  [],
  null,
  true,
  3.25,
);

function hostileValue(arg: Argument): fc.Arbitrary<Hostile> {
  const leaf =
    arg.named === "String" || arg.named === "ID"
      ? hostileString
      : arg.named === "Int"
        ? hostileInt
        : arg.named === "DateTime"
          ? hostileDate
          : arg.named === "Boolean"
            ? fc.constantFrom<Hostile>(true, false, "true", 1)
            : hostileEnum(arg.named);
  const value = arg.list ? fc.oneof(fc.array(leaf, { maxLength: 4 }), leaf) : leaf;
  return fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: wrongType, weight: 1 });
}

const asJson = (value: Hostile): string => {
  if (value instanceof Written) return value.json;
  if (Array.isArray(value)) return `[${value.map(asJson).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${asJson(v)}`)
      .join(",")}}`;
  return JSON.stringify(value);
};

/** The same value written into the document; a key that is not a GraphQL name becomes `_`. */
const asLiteral = (value: Hostile): string => {
  if (value instanceof Written) return value.literal;
  if (Array.isArray(value)) return `[${value.map(asLiteral).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const fields = Object.entries(value).map(([k, v]) => `${/^[_A-Za-z]\w*$/.test(k) ? k : "_"}: ${asLiteral(v)}`);
    return `{${fields.join(", ")}}`;
  }
  return JSON.stringify(value);
};

/** One field with some of its arguments (every required one) hostile, as variables or literals: a POST body. */
export const hostileArgumentsBody: fc.Arbitrary<string> = fc
  .constantFrom(...fields)
  .chain((field) =>
    fc.tuple(
      fc.constant(field),
      fc.tuple(
        ...field.args.map((arg) =>
          arg.required ? hostileValue(arg) : fc.option(hostileValue(arg), { nil: undefined, freq: 2 }),
        ),
      ),
      fc.boolean(),
    ),
  )
  .map(([field, values, asVariables]) => {
    const given = field.args.flatMap((arg, i) =>
      values[i] === undefined ? [] : [{ arg, value: values[i] as Hostile }],
    );
    const call = given.map(({ arg, value }, i) => `${arg.name}: ${asVariables ? `$v${i}` : asLiteral(value)}`);
    const definitions = asVariables ? given.map(({ arg }, i) => `$v${i}: ${arg.type}`) : [];
    const head = definitions.length ? `${field.operation}(${definitions.join(", ")})` : field.operation;
    const query = `${head} { ${field.name}${call.length ? `(${call.join(", ")})` : ""} ${field.selection} }`;
    const variables = asVariables ? given.map(({ value }, i) => `"v${i}":${asJson(value)}`).join(",") : "";
    return `{"query":${JSON.stringify(query)},"variables":{${variables}}}`;
  });
