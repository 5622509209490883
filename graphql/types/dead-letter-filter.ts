import {
  DeadLetterFilterError,
  type DeadLetterFilterInput,
  deadLetterStatuses,
} from "../../sidecar/src/dead-letters/dead-letter-filter.js";
import { badUserInput } from "../arguments.js";
import { builder } from "../builder.js";

const DeadLetterStatusFilterEnum = builder.enumType("DeadLetterStatusFilter", {
  description: "A dead letter's status, or any",
  values: deadLetterStatuses,
});

export const DeadLetterFilterRef = builder.inputType("DeadLetterFilter", {
  description: "Dead letters matching every condition given; an unset field is no condition",
  fields: (t) => ({
    status: t.field({
      type: DeadLetterStatusFilterEnum,
      description: "open when unset (any when ids are given, so each id gets an answer)",
    }),
    jobName: t.string(),
    problemCode: t.string({ description: "The problem's code: mapping_failed, transient_exhausted, ..." }),
    system: t.string({ description: "The problem's system: stripe, nop, erp, wms, ..." }),
    eventType: t.string({ description: "The type of the inbox event the job was processing" }),
    deadAfter: t.field({ type: "DateTime", description: "Inclusive" }),
    deadBefore: t.field({ type: "DateTime", description: "Exclusive" }),
    errorContains: t.string({ description: "Part of the error text, any case" }),
    ids: t.idList({ description: "These dead letters only (UUIDs, at most 5000)" }),
  }),
});

/** Runs `work`, turning a refused filter, limit or reason into BAD_USER_INPUT (nothing has been read or changed). */
export async function refusingBadFilters<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DeadLetterFilterError) throw badUserInput(err.message);
    throw err;
  }
}

/** The GraphQL input as the filter module takes it: ids are strings. */
export const filterInput = (filter: typeof DeadLetterFilterRef.$inferInput | null | undefined): DeadLetterFilterInput =>
  ({ ...filter, ids: filter?.ids?.map(String) }) as DeadLetterFilterInput;
