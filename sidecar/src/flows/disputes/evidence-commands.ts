import type { DisputeId } from "../../domain/ids.js";
import { err, ok, type Result } from "../../domain/result.js";
import { actionKeys } from "../../flow-kit/action-key.js";
import { loggedWith } from "../../flow-kit/action-log.js";
import type { FlowSql } from "../../flow-kit/flow-host.js";
import type { JobSpec } from "../../jobs/job-queue.js";
import { type DisputeEvidence, type EvidenceField, evidenceFields } from "../../ports/stripe-disputes.js";
import { disputesFlow } from "./dispute-actions.js";
import { advanceDisputeJob } from "./jobs.js";
import { DisputesReadModel, type DisputeView } from "./read-model.js";

/** Why an evidence command was refused; nothing changed. */
export interface EvidenceRefusal {
  code: "not_found" | "closed" | "not_editable" | "nothing_to_approve" | "too_long";
  message: string;
}

const decisionKey = actionKeys<DisputeId, "evidence-edited" | "evidence-approved">("du");
const maxFieldLength = 20_000;
const open = `status IN ('warning_needs_response', 'warning_under_review', 'needs_response', 'under_review')`;

/**
 * What an admin does with the evidence (GraphQL): edit the draft, then approve it. Each is one conditional
 * statement (drafted -> drafted, drafted -> approved), so an edit never races the submission: approved evidence
 * is what is sent, and it cannot change any more. Approval wakes the dispute's reconciler, which submits it.
 */
export class DisputeEvidenceCommands {
  private readonly disputes: DisputesReadModel;

  constructor(
    private readonly sql: FlowSql,
    private readonly enqueue: (jobs: JobSpec[]) => Promise<void>,
  ) {
    this.disputes = new DisputesReadModel(sql);
  }

  /** Sets the given fields of the draft (an empty text removes one); the others stay as drafted. */
  async edit(disputeId: DisputeId, fields: DisputeEvidence, by: string): Promise<Result<DisputeView, EvidenceRefusal>> {
    const tooLong = Object.entries(fields).find(([, text]) => (text ?? "").length > maxFieldLength);
    if (tooLong)
      return err({
        code: "too_long",
        message: `evidence field ${tooLong[0]} is longer than ${maxFieldLength} characters`,
      });
    const cleaned = Object.fromEntries(
      evidenceFields.filter((f) => fields[f] !== undefined).map((f) => [f, fields[f]!.trim()]),
    ) as Record<EvidenceField, string>;
    const logged = loggedWith(
      disputesFlow,
      {
        key: decisionKey(disputeId, "evidence-edited", crypto.randomUUID()),
        aggregate: disputeId,
        kind: "decision",
        name: "evidence-edited",
        detail: { by, fields: Object.keys(cleaned) },
      },
      3,
    );
    // jsonb_strip_nulls after `||` drops the fields set to empty text (mapped to null here).
    const patch = Object.fromEntries(Object.entries(cleaned).map(([f, text]) => [f, text === "" ? null : text]));
    const { rows } = await this.sql.query(
      `WITH ${logged.cte} changed AS (UPDATE "Dispute" SET evidence = jsonb_strip_nulls(coalesce(evidence, '{}') || $2::jsonb),
         revision = revision + 1, "updatedAt" = now()
       WHERE "disputeId" = $1 AND "evidenceState" = 'drafted' AND ${open} RETURNING 1) SELECT count(*)::int AS n FROM changed`,
      [disputeId, JSON.stringify(patch), ...logged.params],
    );
    return this.answer(disputeId, (rows[0] as { n: number }).n === 1, "not_editable");
  }

  /** Approves the draft as it stands; the reconciler submits it to Stripe (once, under its key). */
  async approve(disputeId: DisputeId, by: string): Promise<Result<DisputeView, EvidenceRefusal>> {
    const logged = loggedWith(
      disputesFlow,
      {
        key: decisionKey(disputeId, "evidence-approved"),
        aggregate: disputeId,
        kind: "decision",
        name: "evidence-approved",
        detail: { by },
      },
      3,
    );
    const { rows } = await this.sql.query(
      `WITH ${logged.cte} changed AS (UPDATE "Dispute" SET "evidenceState" = 'approved', "evidenceApprovedBy" = $2,
         revision = revision + 1, "updatedAt" = now()
       WHERE "disputeId" = $1 AND "evidenceState" = 'drafted' AND ${open} RETURNING 1) SELECT count(*)::int AS n FROM changed`,
      [disputeId, by, ...logged.params],
    );
    const approved = (rows[0] as { n: number }).n === 1;
    if (approved) await this.enqueue([advanceDisputeJob.with({ disputeId }, { idParts: [disputeId, "approved"] })]);
    return this.answer(disputeId, approved, "nothing_to_approve");
  }

  private async answer(
    disputeId: DisputeId,
    changed: boolean,
    refusal: "not_editable" | "nothing_to_approve",
  ): Promise<Result<DisputeView, EvidenceRefusal>> {
    const view = await this.disputes.byId(disputeId);
    if (!view) return err({ code: "not_found", message: `no dispute ${disputeId}` });
    if (changed) return ok(view);
    if (view.outcome !== "open")
      return err({
        code: "closed",
        message: `dispute ${disputeId} is ${view.status}: its evidence can no longer change`,
      });
    return err({
      code: refusal,
      message:
        view.evidenceState === "none"
          ? `dispute ${disputeId} has no draft yet`
          : `dispute ${disputeId}'s evidence is ${view.evidenceState}: only a draft can be edited or approved`,
    });
  }
}
