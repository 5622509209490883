import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { Kind, Lexer, type SelectionSetNode, Source, TokenKind, type ValidationRule } from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import type { Config } from "../sidecar/src/config.js";
import { useErrorsWithoutValues } from "./errors-without-values.js";
import { useQueryCostLimit } from "./hardening-cost.js";
import { useRequestParseWithoutValues } from "./hardening-request-parse.js";
import { useExecutionTimeout } from "./hardening-timeout.js";

/** Limits on what one GraphQL request may ask for; set from GRAPHQL_* settings. */
export interface GraphqlLimits {
  /** `__schema`/`__type` queries allowed (GraphiQL's docs and autocompletion need them). */
  introspection: boolean;
  /** Nesting of selections, fragments expanded. */
  maxDepth: number;
  /** Estimated rows and fields a query may touch (see hardening-cost.ts). */
  maxCost: number;
  maxAliases: number;
  /** Lexical tokens in the document: bounds parsing work before anything else runs. */
  maxTokens: number;
  /** Execution time; then the request ends with a TIMEOUT error and remaining resolvers are not started. */
  timeoutMs: number;
}

export const graphqlLimits = (config: Config): GraphqlLimits => ({
  introspection: config.GRAPHQL_INTROSPECTION ?? config.NODE_ENV !== "production",
  maxDepth: config.GRAPHQL_MAX_DEPTH,
  maxCost: config.GRAPHQL_MAX_COST,
  maxAliases: config.GRAPHQL_MAX_ALIASES,
  maxTokens: config.GRAPHQL_MAX_TOKENS,
  timeoutMs: config.GRAPHQL_TIMEOUT_MS,
});

/**
 * A request a browser can send cross-site without a CORS preflight (a GET, or a POST as text/plain,
 * form or multipart) must carry this header; a page on another origin cannot add it without the preflight
 * the sidecar never grants. JSON POSTs (GraphiQL, every GraphQL client) are preflighted already and need nothing.
 */
const csrfHeader = "x-graphql-yoga-csrf";

/**
 * Refusals answer HTTP 400 whatever the Accept header: `spec: false` keeps yoga from applying the
 * GraphQL-over-HTTP rule that answers 200 to application/json clients for documents that fail validation.
 */
const refused = (message: string, code: string) =>
  createGraphQLError(message, { extensions: { code, http: { status: 400, spec: false } } });

/** graphql-armor prefixes every message with "Syntax Error: "; the limit is what the caller needs to read. */
const reportAs =
  (code: string): GraphQLArmorRejectCallback =>
  (context, error) =>
    context?.reportError(refused(error.message.replace(/^Syntax Error: /, ""), code));

/** Validation-time protections: nothing is executed when one refuses. */
function documentLimits(limits: GraphqlLimits): Plugin {
  const asValidationError = (code: string) => ({ propagateOnRejection: false, onReject: [reportAs(code)] });
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ...asValidationError("DEPTH_LIMIT") },
    // Every alias counts: armor leaves aliases of `__typename` out by default, which resolve without limit too.
    maxAliases: { n: limits.maxAliases, allowList: [], ...asValidationError("ALIAS_LIMIT") },
    maxDirectives: { n: 50, ...asValidationError("DIRECTIVE_LIMIT") },
    // Replaced by useTokenLimit, which refuses before parsing with the same 400 as the other limits.
    maxTokens: { enabled: false },
    // Replaced by useQueryCostLimit, which reads `first`/`last` from variables too.
    costLimit: { enabled: false },
    // "Did you mean …?" would describe the schema that disabled introspection hides.
    blockFieldSuggestion: { enabled: !limits.introspection },
  });
}

/** Counts the document's tokens before it is parsed, stopping at the limit, so parsing work is bounded by it. */
function useTokenLimit(maxTokens: number): Plugin {
  const exceeds = (query: string) => {
    const lexer = new Lexer(new Source(query));
    try {
      for (let count = 0; lexer.advance().kind !== TokenKind.EOF; ) if (++count > maxTokens) return true;
    } catch {
      // Not lexable: the parser refuses it with its own syntax error.
    }
    return false;
  };
  return {
    onParams({ params }) {
      if (typeof params.query === "string" && exceeds(params.query))
        throw refused(`Document has more than ${maxTokens} tokens`, "TOKEN_LIMIT");
    },
  };
}

/** The introspection entry points; `__typename` stays, clients need it. */
const introspectionFields = new Set(["__schema", "__type"]);

const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (introspectionFields.has(node.name.value))
      context.reportError(
        refused(`GraphQL introspection is disabled; "${node.name.value}" cannot be queried`, "INTROSPECTION_DISABLED"),
      );
  },
});

const disableIntrospection = (): Plugin => ({
  onValidate: ({ addValidationRule }) => addValidationRule(noIntrospection),
});

/**
 * One mutation per request. Root mutation fields run one after another and the answer's `data` is all or
 * nothing: when a later one fails with a non-null payload, `data` is null, yet the earlier ones were committed
 * (and a created token was never shown to anyone). Root fields are counted by response name, after aliases,
 * fragments and inline fragments are expanded; `__typename` is not a mutation.
 */
const oneMutation: ValidationRule = (context) => {
  const responseNames = (selectionSet: SelectionSetNode, names: Set<string>, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== "__typename") names.add(selection.alias?.value ?? selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) responseNames(selection.selectionSet, names, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value); // a fragment cycle is NoFragmentCyclesRule's to report
        const fragment = context.getFragment(selection.name.value);
        if (fragment) responseNames(fragment.selectionSet, names, seen);
      }
    }
    return names;
  };
  return {
    OperationDefinition(node) {
      if (node.operation !== "mutation") return;
      if (responseNames(node.selectionSet, new Set(), new Set()).size > 1)
        context.reportError(refused("a request runs one mutation: send each in its own request", "MUTATION_LIMIT"));
    },
  };
};

const oneMutationPerRequest = (): Plugin => ({
  onValidate: ({ addValidationRule }) => addValidationRule(oneMutation),
});

/**
 * Every protection of the GraphQL endpoint except the body size limit and rate limits (HTTP edge), and the
 * argument checks, which are part of the schema (argument-checks.ts).
 */
export function graphqlHardening(limits: GraphqlLimits): Plugin[] {
  return [
    useCSRFPrevention({ requestHeaders: [csrfHeader] }),
    useRequestParseWithoutValues(),
    useTokenLimit(limits.maxTokens),
    documentLimits(limits),
    oneMutationPerRequest(),
    ...(limits.introspection ? [] : [disableIntrospection()]),
    useQueryCostLimit(limits.maxCost, refused),
    useExecutionTimeout(limits.timeoutMs),
    useErrorsWithoutValues(),
  ];
}
