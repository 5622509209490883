import { type MappingSpec, parseMappingSpec } from "../domain/mapping/mapping-spec.js";
import type { SalesOrderMappings, SalesOrderPreview } from "../flows/order-to-cash/sales-order-preview.js";
import type { DeadLetter, PrismaClient } from "../generated/prisma/client.js";
import type { Problem } from "../jobs/permanent-error.js";
import type { StructuredModel } from "../llm/structured-model.js";
import { builtInMappings, type MappingVersion, type MappingVersions } from "../mapping-versions/mapping-versions.js";
import { diffSpecs } from "../mapping-versions/spec-diff.js";
import { BulkDeadLetters, type LetterOutcome, outcome, type Replayer } from "./bulk-replay.js";
import { heuristicSuggestions } from "./mapping-suggestions/heuristics.js";
import { modelSuggestions } from "./mapping-suggestions/model-suggestion.js";
import type { MappingFailure, MappingSuggestion } from "./mapping-suggestions/suggestion.js";

/** What the fixes read besides the dead letters: the mapping versions, the documents mapped, the model if any. */
export interface MappingFixSources {
  versions: MappingVersions;
  /** The ERP sales order mapping applied to a stored order (order-to-cash). */
  documents: SalesOrderMappings;
  /** Asked after the heuristics when configured; null: heuristics only. */
  model: StructuredModel | null;
}

/** A request this cannot serve, said to the admin as it is (not a mapping dead letter, a stale version...). */
export class MappingFixRefused extends Error {
  override name = "MappingFixRefused";
}

/** A change to try: a suggestion by id (heuristic ones: computed again), or a whole spec (a model's, an admin's). */
export type MappingChange = { suggestionId: string } | { spec: unknown };

export interface SuggestionWithPreview extends MappingSuggestion {
  preview: SalesOrderPreview;
}

export interface Suggestions {
  deadLetterId: string;
  /** The version in force, which the suggestions change (`erp-sales-order@2`). */
  mapping: string;
  /** The failure as the version in force meets it now; null when it maps the order (a replay is all it takes). */
  failure: { field: string; value: unknown; message: string } | null;
  /** Those that fix this dead letter first, then by confidence. */
  suggestions: SuggestionWithPreview[];
  notes: string[];
}

export interface AppliedFix {
  version: MappingVersion;
  /** Each open mapping dead letter of this mapping: replayed when the new version maps it, else skipped with why. */
  letters: LetterOutcome[];
}

/** Dead letters of one mapping looked at per apply: the open ones, oldest first. */
const MAX_LETTERS = 500;

const FIXABLE_MAPPINGS = new Set(["erp-sales-order"]);

/**
 * Mapping-fix suggestions for a mapping dead letter: computed against the version in force and the stored
 * order (as the job would map it), previewed, applied as the next version (who, when, why and what changed),
 * and every open dead letter that the new version maps replayed through the dead-letter replay machinery.
 */
export class MappingFixes {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly replayer: Replayer,
    private readonly sources: MappingFixSources,
  ) {}

  async suggestions(deadLetterId: string): Promise<Suggestions> {
    const { orderGuid, active } = await this.subject(deadLetterId);
    const mapping = `${active.name}@${active.version}`;
    const now = await this.previewOrder(orderGuid, active);
    if (now.ok)
      return {
        deadLetterId,
        mapping,
        failure: null,
        suggestions: [],
        notes: [`${mapping} maps this order now: replay the dead letter`],
      };
    const failure = await this.failure(orderGuid, active, now);
    const fromModel = await modelSuggestions(this.sources.model, failure);
    const all = [...heuristicSuggestions(failure), ...fromModel.suggestions];
    const previewed = await Promise.all(
      all.map(async (s) => ({ ...s, preview: await this.previewOrder(orderGuid, s.spec) })),
    );
    previewed.sort((a, b) => Number(b.preview.ok) - Number(a.preview.ok) || b.confidence - a.confidence);
    const { field, value, message } = failure;
    const notes = [...fromModel.notes];
    if (previewed.length === 0) notes.push("no suggestion: fix the source value in nopCommerce, or write the change");
    return { deadLetterId, mapping, failure: { field, value, message }, suggestions: previewed, notes };
  }

  /** The change applied to the dead letter's order: the ERP document it makes, or the new error. */
  async preview(
    deadLetterId: string,
    change: MappingChange,
  ): Promise<{ spec: MappingSpec; preview: SalesOrderPreview }> {
    const { orderGuid, active } = await this.subject(deadLetterId);
    const spec = await this.resolve(change, orderGuid, active);
    return { spec, preview: await this.previewOrder(orderGuid, spec) };
  }

  /**
   * Stores the change as the next version (it must fix this dead letter), then replays every open mapping dead
   * letter of this mapping that the new version maps, in one step; the others stay open, each with the reason.
   */
  async apply(deadLetterId: string, change: MappingChange, by: { actor: string; reason: string }): Promise<AppliedFix> {
    const reason = by.reason.trim();
    if (!reason) throw new MappingFixRefused("say why the mapping changes (reason)");
    const { orderGuid, active } = await this.subject(deadLetterId);
    const spec = await this.resolve(change, orderGuid, active);
    if (spec.version !== active.version + 1)
      throw new MappingFixRefused(
        `the change is for version ${spec.version}, but the next version of ${active.name} is ${active.version + 1}: the mapping changed meanwhile, ask for suggestions again`,
      );
    const preview = await this.previewOrder(orderGuid, spec);
    if (!preview.ok) throw new MappingFixRefused(`the change does not fix this dead letter: ${preview.message}`);
    const version = await this.sources.versions.add({
      spec,
      createdBy: by.actor,
      reason,
      changes: diffSpecs(active, spec).filter((c) => c.path !== "version"),
      deadLetterId,
    });
    return { version, letters: await this.replayFixed(spec) };
  }

  /** Refuses, naming the known ones, a mapping that does not exist (there is no version of it to list). */
  async versions(name: string): Promise<MappingVersion[]> {
    if (!builtInMappings.has(name))
      throw new MappingFixRefused(
        `no mapping named ${JSON.stringify(name)}: known are ${[...builtInMappings.keys()].join(", ")}`,
      );
    return this.sources.versions.list(name);
  }

  private async replayFixed(spec: MappingSpec): Promise<LetterOutcome[]> {
    const open = await this.prisma.deadLetter.findMany({
      where: { status: "open", problem: { path: ["code"], equals: "mapping_failed" } },
      orderBy: { deadAt: "asc" },
      take: MAX_LETTERS,
    });
    const ofMapping = open.filter((l) => problemOf(l).mapping?.startsWith(`${spec.name}@`));
    const skipped: LetterOutcome[] = [];
    const fixed: string[] = [];
    for (const letter of ofMapping) {
      const guid = problemOf(letter).aggregate;
      const preview = guid ? await this.sources.documents.preview(guid, spec) : undefined;
      if (preview?.ok) fixed.push(letter.id);
      else
        skipped.push(
          outcome(letter, "skip", preview ? `still fails: ${preview.message}` : "its order is not known here"),
        );
    }
    if (fixed.length === 0) return skipped;
    const replayed = await new BulkDeadLetters(this.prisma, this.replayer).replayMatching(
      { ids: fixed },
      { dryRun: false },
    );
    return [...replayed.letters, ...skipped];
  }

  /** The dead letter's order and the version in force of its mapping; refused unless it is a mapping dead letter. */
  private async subject(deadLetterId: string): Promise<{ orderGuid: string; active: MappingSpec }> {
    const letter = await this.prisma.deadLetter.findUnique({ where: { id: deadLetterId } });
    if (!letter) throw new MappingFixRefused("no such dead letter");
    const problem = problemOf(letter);
    const name = problem.mapping?.split("@")[0];
    if (problem.code !== "mapping_failed" || !name)
      throw new MappingFixRefused("the dead letter is not a mapping failure");
    if (!FIXABLE_MAPPINGS.has(name) || !problem.aggregate)
      throw new MappingFixRefused(`mapping ${name} has no suggestions yet (only ${[...FIXABLE_MAPPINGS].join(", ")})`);
    return { orderGuid: problem.aggregate, active: await this.sources.versions.active(name) };
  }

  private async failure(orderGuid: string, spec: MappingSpec, preview: SalesOrderPreview): Promise<MappingFailure> {
    const source = await this.sources.documents.sourceOf(orderGuid);
    if (!source || preview.ok) throw new MappingFixRefused(`order ${orderGuid} is not known here`);
    const { field = "", value } = preview.problem;
    return { spec, field, value, message: preview.message, scope: source.scope, currency: source.currency };
  }

  private async previewOrder(orderGuid: string, spec: MappingSpec): Promise<SalesOrderPreview> {
    const preview = await this.sources.documents.preview(orderGuid, spec);
    if (!preview) throw new MappingFixRefused(`order ${orderGuid} is not known here`);
    return preview;
  }

  private async resolve(change: MappingChange, orderGuid: string, active: MappingSpec): Promise<MappingSpec> {
    if ("spec" in change) {
      let spec: MappingSpec;
      let input = change.spec;
      try {
        if (typeof input === "string") input = JSON.parse(input);
      } catch {
        throw new MappingFixRefused("spec is not JSON");
      }
      try {
        spec = parseMappingSpec(input);
      } catch (err) {
        throw new MappingFixRefused(`spec: ${(err as Error).message}`);
      }
      if (spec.name !== active.name) throw new MappingFixRefused(`spec: name must be ${active.name}`);
      return spec;
    }
    const now = await this.previewOrder(orderGuid, active);
    const found = now.ok
      ? undefined
      : heuristicSuggestions(await this.failure(orderGuid, active, now)).find((s) => s.id === change.suggestionId);
    if (!found)
      throw new MappingFixRefused(
        "no such suggestion for this dead letter now (for a model's suggestion, send its spec)",
      );
    return found.spec;
  }
}

const problemOf = (letter: DeadLetter) => (letter.problem ?? {}) as Partial<Problem>;
