import { defaultFieldResolver, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import { badArgument, isUuid, isUuidArgument, stringProblem } from "./arguments.js";

/** The first string inside a coerced argument value (lists and objects included) the database would refuse. */
function stringProblemIn(value: unknown): string | undefined {
  if (typeof value === "string") return stringProblem(value);
  if (value === null || typeof value !== "object" || value instanceof Date) return undefined;
  const parts = Array.isArray(value) ? value : Object.entries(value).flat();
  for (const part of parts) {
    const problem = stringProblemIn(part);
    if (problem) return problem;
  }
  return undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: any field of the schema, whatever its source and context types
function checkArguments(field: GraphQLField<any, any>, args: Record<string, unknown>): void {
  for (const arg of field.args) {
    const value = args[arg.name];
    if (value == null) continue;
    const problem = stringProblemIn(value);
    if (problem) throw badArgument(arg.name, problem);
    if (isUuidArgument(arg.extensions) && !isUuid(String(value))) throw badArgument(arg.name, "must be a UUID");
  }
}

// By tag rather than isObjectType: the schema may come from another copy of graphql (Pothos's) than this module's.
const isObjectType = (type: unknown): type is GraphQLObjectType =>
  Object.prototype.toString.call(type) === "[object GraphQLObjectType]";

/**
 * Every argument of every field is checked before the field's resolver runs, so no resolver (nor the mutation
 * audit, which stores the arguments) ever hands the database a string it refuses or a uuid column a non-UUID.
 * Apply it last, around auditMutations: a refused argument, like one of the wrong type, means nothing ran.
 */
export function checkAllArguments(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, context, info) => {
        checkArguments(field, args);
        return resolve(parent, args, context, info);
      };
    }
  }
  return schema;
}
