import type { GraphQLError } from "graphql";
import { type ComplexityEstimator, getComplexity } from "graphql-query-complexity";
import type { Plugin } from "graphql-yoga";
import { messageWithoutValues } from "./errors-without-values.js";
import { clampPageSize } from "./pagination.js";

/**
 * Cost = fields a query selects, each connection's selection counted once per row of the page it will return
 * (`first`/`last` from literals or variables, the server's default and cap applied as the resolvers apply them).
 * So `orders(first: 200) { edges { node { id } } }` costs about 200 times `orders(first: 1)`.
 */
const fieldCost: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const paged = field.args.some((arg) => arg.name === "first");
  const rows = paged ? clampPageSize((args.first ?? args.last) as number | null | undefined) : 1;
  return 1 + rows * childComplexity;
};

export type Refuse = (message: string, code: string) => GraphQLError;

/**
 * Computed per execution rather than as a validation rule: the page size often comes from variables, which
 * validation (cached per document) never sees.
 */
export function useQueryCostLimit(maxCost: number, refuse: Refuse): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let error: GraphQLError | undefined;
      try {
        const cost = getComplexity({
          schema: args.schema,
          query: args.document,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
          operationName: args.operationName ?? undefined,
          estimators: [fieldCost],
        });
        if (cost > maxCost)
          error = refuse(
            `Query cost ${cost} exceeds the limit of ${maxCost}: ask for fewer rows (first) or fewer fields`,
            "COST_LIMIT",
          );
      } catch (err) {
        // Variables that do not fit their types (the executor would refuse them with this same message) or a
        // document too large to walk: refused either way, never run unmeasured.
        error = refuse(messageWithoutValues(err as Error), "BAD_USER_INPUT");
      }
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
