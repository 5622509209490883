import { auditActor } from "../../sidecar/src/auth/actor.js";
import {
  type AppliedFix,
  type MappingChange,
  MappingFixes,
  MappingFixRefused,
  type Suggestions,
  type SuggestionWithPreview,
} from "../../sidecar/src/dead-letters/mapping-fixes.js";
import type { SalesOrderPreview } from "../../sidecar/src/flows/order-to-cash/sales-order-preview.js";
import { type MappingVersion, MappingVersionTaken } from "../../sidecar/src/mapping-versions/mapping-versions.js";
import { adminOnly } from "../access.js";
import { badArgument, badUserInput, uuidId } from "../arguments.js";
import { builder } from "../builder.js";
import type { GraphqlContext } from "../context.js";
import { LetterOutcomeRef } from "./dead-letter-bulk.js";

// Mapping-fix suggestions for mapping dead letters (issue 16), for admins: what they show is the order's data.

const previewFields = {
  fixes: (p: SalesOrderPreview) => p.ok,
  document: (p: SalesOrderPreview) => (p.ok ? p.document : null),
  error: (p: SalesOrderPreview) => (p.ok ? null : p.message),
};

const MappingSuggestionRef = builder.objectRef<SuggestionWithPreview>("MappingSuggestion").implement({
  description: "A concrete mapping change (the whole new spec), previewed on the dead letter's order",
  fields: (t) => ({
    id: t.exposeID("id", { description: "Names it to previewMappingFix and applyMappingFix" }),
    kind: t.exposeString("kind", {
      description: "nearest-field, type-coercion, country-name, nearest-enum, minor-units or model",
    }),
    confidence: t.exposeFloat("confidence", { description: "0 to 1" }),
    reason: t.exposeString("reason"),
    spec: t.expose("spec", { type: "JSON" }),
    fixes: t.boolean({ description: "The order maps with it", resolve: (s) => previewFields.fixes(s.preview) }),
    document: t.field({ type: "JSON", nullable: true, resolve: (s) => previewFields.document(s.preview) }),
    error: t.string({ nullable: true, resolve: (s) => previewFields.error(s.preview) }),
  }),
});

const MappingFailureRef = builder.objectRef<NonNullable<Suggestions["failure"]>>("MappingFailure").implement({
  fields: (t) => ({
    field: t.exposeString("field"),
    value: t.expose("value", { type: "JSON", nullable: true }),
    message: t.exposeString("message"),
  }),
});

const MappingSuggestionsRef = builder.objectRef<Suggestions>("MappingSuggestions").implement({
  fields: (t) => ({
    deadLetterId: t.exposeID("deadLetterId"),
    mapping: t.exposeString("mapping", { description: "The version in force, e.g. erp-sales-order@2" }),
    failure: t.field({
      type: MappingFailureRef,
      nullable: true,
      description: "How the version in force fails on the order now; null when it maps it (replay the dead letter)",
      resolve: (s) => s.failure,
    }),
    suggestions: t.field({ type: [MappingSuggestionRef], resolve: (s) => s.suggestions }),
    notes: t.exposeStringList("notes"),
  }),
});

const MappingFixPreviewRef = builder
  .objectRef<{ spec: unknown; preview: SalesOrderPreview }>("MappingFixPreview")
  .implement({
    description: "The change applied to the dead letter's stored order: the ERP document, or the new error",
    fields: (t) => ({
      spec: t.expose("spec", { type: "JSON" }),
      fixes: t.boolean({ resolve: (p) => previewFields.fixes(p.preview) }),
      document: t.field({ type: "JSON", nullable: true, resolve: (p) => previewFields.document(p.preview) }),
      error: t.string({ nullable: true, resolve: (p) => previewFields.error(p.preview) }),
    }),
  });

const MappingVersionRef = builder.objectRef<MappingVersion>("MappingVersion").implement({
  description: "A stored version of a mapping (the highest is in force), or the built-in version 1",
  fields: (t) => ({
    name: t.exposeString("name"),
    version: t.exposeInt("version"),
    spec: t.expose("spec", { type: "JSON" }),
    createdAt: t.expose("createdAt", { type: "DateTime", nullable: true }),
    createdBy: t.exposeString("createdBy"),
    reason: t.exposeString("reason"),
    changes: t.expose("changes", { type: "JSON", description: "[{ path, before, after }] from the version before" }),
    deadLetterId: t.exposeID("deadLetterId", { nullable: true }),
  }),
});

const MappingFixAppliedRef = builder.objectRef<AppliedFix & { id: string }>("MappingFixApplied").implement({
  fields: (t) => ({
    id: t.exposeID("id", { description: "name@version of the new version" }),
    version: t.field({ type: MappingVersionRef, resolve: (a) => a.version }),
    replayed: t.int({ resolve: (a) => a.letters.filter((l) => l.action === "replay").length }),
    skipped: t.int({ resolve: (a) => a.letters.filter((l) => l.action !== "replay").length }),
    letters: t.field({
      type: [LetterOutcomeRef],
      description: "Each open dead letter of the mapping: replayed when the new version maps it, else why not",
      resolve: (a) => a.letters,
    }),
  }),
});

function fixes({ prisma, replayDeadLetter, flows }: GraphqlContext): MappingFixes {
  if (!flows.mappingFixes) throw badUserInput("mapping fixes are not available: the flows are not registered");
  return new MappingFixes(prisma, replayDeadLetter, flows.mappingFixes);
}

/** Refusals the admin can act on as BAD_USER_INPUT; anything else stays an internal error. */
async function refusing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof MappingFixRefused || err instanceof MappingVersionTaken) throw badUserInput(err.message);
    throw err;
  }
}

function changeOf(suggestionId: string | null | undefined, spec: unknown): MappingChange {
  if ((suggestionId == null) === (spec == null)) throw badArgument("suggestionId", "or spec: give exactly one");
  return suggestionId != null ? { suggestionId } : { spec };
}

const deadLetterId = { required: true, ...uuidId } as const;

builder.queryFields((t) => ({
  mappingSuggestions: t.field({
    type: MappingSuggestionsRef,
    authScopes: adminOnly,
    description: "Mapping changes that would fix a mapping dead letter: heuristics, then the model if configured",
    args: { deadLetterId: t.arg.id(deadLetterId) },
    resolve: (_root, args, context) => refusing(() => fixes(context).suggestions(String(args.deadLetterId))),
  }),
  previewMappingFix: t.field({
    type: MappingFixPreviewRef,
    authScopes: adminOnly,
    description: "A suggestion (by id) or a whole spec applied to the dead letter's order, nothing stored or sent",
    args: {
      deadLetterId: t.arg.id(deadLetterId),
      suggestionId: t.arg.string(),
      spec: t.arg({ type: "JSON" }),
    },
    resolve: (_root, args, context) =>
      refusing(() => fixes(context).preview(String(args.deadLetterId), changeOf(args.suggestionId, args.spec))),
  }),
  mappingVersions: t.field({
    type: [MappingVersionRef],
    authScopes: adminOnly,
    description: "A mapping's versions, newest (in force) first, the built-in one last",
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => refusing(() => fixes(context).versions(args.name)),
  }),
}));

builder.mutationFields((t) => ({
  applyMappingFix: t.field({
    type: MappingFixAppliedRef,
    authScopes: adminOnly,
    description:
      "Stores the change as the mapping's next version (it must fix this dead letter), then replays every open mapping dead letter it fixes",
    args: {
      deadLetterId: t.arg.id(deadLetterId),
      suggestionId: t.arg.string(),
      spec: t.arg({ type: "JSON" }),
      reason: t.arg.string({ required: true, description: "Why the mapping changes; kept with the version" }),
    },
    resolve: (_root, args, context) =>
      refusing(async () => {
        const actor = auditActor(context.actor);
        const applied = await fixes(context).apply(String(args.deadLetterId), changeOf(args.suggestionId, args.spec), {
          actor: `${actor.name} (${actor.id})`,
          reason: args.reason,
        });
        return { ...applied, id: `${applied.version.name}@${applied.version.version}` };
      }),
  }),
}));
