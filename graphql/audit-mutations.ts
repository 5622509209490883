import { defaultFieldResolver, type GraphQLSchema } from "graphql";
import { auditActor } from "../sidecar/src/auth/actor.js";
import type { GraphqlContext } from "./context.js";

/** The id a mutation acted on: its `id` argument, else the id of what it returned (or of an object in it). */
function targetOf(args: Record<string, unknown>, result: unknown): string | undefined {
  if (typeof args.id === "string") return args.id;
  if (result === null || typeof result !== "object") return undefined;
  const direct = (result as { id?: unknown }).id;
  if (typeof direct === "string") return direct;
  for (const value of Object.values(result)) {
    const nested = value !== null && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
    if (typeof nested === "string") return nested;
  }
  return undefined;
}

// Only errors meant for the client (GraphQL errors, from whichever copy of graphql made them) are written as they
// are; anything else may hold internals.
const errorText = (err: unknown) =>
  Object.prototype.toString.call(err) === "[object GraphQLError]" ? (err as Error).message : "internal error";

/**
 * Every mutation field records one audit entry when it runs: who, which mutation, its target, its arguments
 * without secrets, the client address and whether it succeeded. Refusals by scope-auth are recorded too (they
 * happen inside the wrapped resolver). A mutation whose entry cannot be written fails rather than go unrecorded.
 */
export function auditMutations(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve ?? defaultFieldResolver;
    const action = `graphql:${field.name}`;
    field.resolve = async (parent, args: Record<string, unknown>, context: GraphqlContext, info) => {
      const entry = { actor: auditActor(context.actor), action, detail: { args } };
      try {
        const result = await resolve(parent, args, context, info);
        await context.audit.record({ ...entry, target: targetOf(args, result), outcome: "ok" });
        return result;
      } catch (err) {
        await context.audit.record({
          ...entry,
          target: targetOf(args, undefined),
          outcome: "error",
          error: errorText(err),
        });
        throw err;
      }
    };
  }
  return schema;
}
