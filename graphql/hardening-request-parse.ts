import { GraphQLError } from "graphql";
import { createGraphQLError, type GraphQLParams, type Plugin } from "graphql-yoga";

// Yoga reads a GET's (or a form POST's) `variables` and `extensions` with a bare JSON.parse: a value that is not
// JSON throws a SyntaxError quoting it, which Yoga masks as "Unexpected error." (500) and logs with the value.
// A JSON body with a syntax error is a 400 whose extensions.originalError quotes the whole body. Neither answer
// nor log may repeat what the client sent: these parsers refuse with 400 BAD_REQUEST and a message of their own.

const badRequest = (message: string) =>
  createGraphQLError(message, { extensions: { code: "BAD_REQUEST", http: { status: 400, spec: false } } });

/** A JSON parameter: absent (or empty) is undefined; anything else must parse (its type is Yoga's to check). */
function jsonParameter(search: URLSearchParams, name: "variables" | "extensions"): unknown {
  const text = search.get(name) || undefined;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(`${name} must be a JSON object`);
  }
}

/** Yoga's handleURLSearchParams, with the JSON parameters refused by name instead of by a SyntaxError. */
export function paramsFromSearch(search: URLSearchParams): GraphQLParams {
  return {
    operationName: search.get("operationName") || undefined,
    query: search.get("query") || undefined,
    variables: jsonParameter(search, "variables") as GraphQLParams["variables"],
    extensions: jsonParameter(search, "extensions") as GraphQLParams["extensions"],
  };
}

const contentTypeIs = (request: Request, expected: string) => {
  const type = request.headers.get("content-type")?.split(",")[0];
  return type === expected || !!type?.startsWith(`${expected};`);
};

const isJsonPost = (request: Request) =>
  request.method === "POST" &&
  (contentTypeIs(request, "application/json") || contentTypeIs(request, "application/graphql+json"));

type Parser = (request: Request) => unknown;

/** Yoga's JSON body parser, except that a body that does not parse is refused without quoting it. */
const withoutQuotedBody =
  (parser: Parser): Parser =>
  async (request) => {
    try {
      return await parser(request);
    } catch (error) {
      const quoting = error instanceof GraphQLError ? error.extensions?.originalError !== undefined : true;
      if (!quoting || (error as Error)?.name === "AbortError") throw error;
      throw badRequest("the request body is not valid JSON");
    }
  };

/** Replaces the parsers Yoga chose for GETs, form POSTs and JSON POSTs (plugins run after Yoga's own). */
export const useRequestParseWithoutValues = (): Plugin => ({
  onRequestParse({ request, requestParser, setRequestParser }) {
    if (!requestParser) return; // Yoga answers 415 for a content type it does not read
    if (request.method === "GET") {
      const url = request.url;
      setRequestParser(() => paramsFromSearch(new URLSearchParams(url.substring(url.indexOf("?") + 1))));
    } else if (request.method === "POST" && contentTypeIs(request, "application/x-www-form-urlencoded")) {
      setRequestParser(async (req) => paramsFromSearch(new URLSearchParams(await req.text())));
    } else if (isJsonPost(request)) {
      setRequestParser(withoutQuotedBody(requestParser as Parser) as typeof requestParser);
    }
  },
});
