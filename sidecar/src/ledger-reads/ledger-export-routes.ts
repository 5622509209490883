import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import { z } from "zod";
import { actorOf } from "../auth/require-token.js";
import type { Period } from "../domain/ledger/trial-balance.js";
import type { XeroExportOptions } from "../domain/ledger/xero-manual-journal.js";
import {
  journalCsvStream,
  reconciliationCsvStream,
  storedTrialBalance,
  trialBalanceCsv,
  xeroFile,
} from "./ledger-exports.js";
import type { EntryFilter, LedgerReads } from "./ledger-reads.js";

export interface LedgerExportRouteDeps {
  reads: LedgerReads;
  /** Bearer token, every store (the ledger is not per store); the roles are checked here. */
  requireToken: RequestHandler;
  xero: XeroExportOptions;
}

/** Who may read the books. */
const ledgerRoles = new Set(["admin", "finance"]);

const isoDate = z.iso.date();
const scopeSchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    payout: z
      .string()
      .regex(/^po_[A-Za-z0-9_]+$/, "is not a Stripe payout id (po_…)")
      .optional(),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), "from and to go together")
  .refine((q) => !q.from || !q.to || q.from <= q.to, "from is after to")
  .refine((q) => (q.from !== undefined) !== (q.payout !== undefined), "give a period (from and to) or a payout");

type Scope = { kind: "period"; period: Period } | { kind: "payout"; payoutId: string };

function scopeOf(req: Request, res: Response): Scope | null {
  const parsed = scopeSchema.safeParse({ from: req.query.from, to: req.query.to, payout: req.query.payout });
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")} ${i.message}` : i.message));
    res.status(400).json({ error: { reason: "bad_request", message: message.join("; ") } });
    return null;
  }
  const { from, to, payout } = parsed.data;
  return payout
    ? { kind: "payout", payoutId: payout }
    : { kind: "period", period: { from: from as string, to: to as string } };
}

const scopeName = (scope: Scope) =>
  scope.kind === "payout" ? scope.payoutId : `${scope.period.from}_${scope.period.to}`;

function csvHeaders(res: Response, filename: string) {
  res.status(200);
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`);
  res.setHeader("Cache-Control", "no-store");
}

/**
 * Finance's exports over authenticated HTTP, streamed as they are read (GET, period `from`/`to` inclusive or one
 * `payout`): /ledger/journal.csv, /ledger/reconciliation.csv, /ledger/trial-balance.csv (period only) and
 * /ledger/xero-manual-journal.csv (`part` of the set when Xero's 300-line limit splits it).
 */
export function ledgerExportRoutes(deps: LedgerExportRouteDeps): Router {
  const router = express.Router();
  const financeOnly: RequestHandler = (_req, res, next) => {
    const actor = actorOf(res);
    if (actor && ledgerRoles.has(actor.role)) return next();
    res.status(403).json({ error: { reason: "forbidden", message: "the ledger is for the finance and admin roles" } });
  };
  const route = (path: string, run: (req: Request, res: Response, scope: Scope) => Promise<void>) =>
    router.get(path, deps.requireToken, financeOnly, async (req, res, next) => {
      const scope = scopeOf(req, res);
      if (!scope) return;
      try {
        await run(req, res, scope);
      } catch (error) {
        // A half-written file must not look complete: cut the connection; the error handler logs it either way.
        if (res.headersSent) res.destroy();
        next(error);
      }
    });
  const stream = async (res: Response, chunks: AsyncIterable<string>) => pipeline(Readable.from(chunks), res);
  const entryFilter = (scope: Scope): EntryFilter =>
    scope.kind === "payout" ? { payoutId: scope.payoutId } : { period: scope.period };

  route("/ledger/journal.csv", async (_req, res, scope) => {
    csvHeaders(res, `journal_${scopeName(scope)}.csv`);
    await stream(res, journalCsvStream(deps.reads, entryFilter(scope)));
  });

  route("/ledger/reconciliation.csv", async (_req, res, scope) => {
    let payouts: Parameters<typeof reconciliationCsvStream>[1];
    if (scope.kind === "payout") {
      const payout = await deps.reads.payout(scope.payoutId);
      if (!payout) {
        res.status(404).json({ error: { reason: "not_found", message: `no payout ${scope.payoutId}` } });
        return;
      }
      payouts = [payout];
    } else payouts = deps.reads.payoutsIn(scope.period);
    csvHeaders(res, `reconciliation_${scopeName(scope)}.csv`);
    await stream(res, reconciliationCsvStream(deps.reads, payouts));
  });

  route("/ledger/trial-balance.csv", async (_req, res, scope) => {
    const rows = await storedTrialBalance(deps.reads, entryFilter(scope));
    csvHeaders(res, `trial-balance_${scopeName(scope)}.csv`);
    res.send(trialBalanceCsv(rows, scope.kind === "period" ? scope.period : undefined));
  });

  route("/ledger/xero-manual-journal.csv", async (req, res, scope) => {
    const part = z.coerce.number().int().min(1).default(1).safeParse(req.query.part);
    if (!part.success) {
      res.status(400).json({ error: { reason: "bad_request", message: "part is a positive integer" } });
      return;
    }
    const file = await xeroFile(deps.reads, entryFilter(scope), deps.xero, part.data);
    if (!file.ok) {
      res
        .status(file.error.kind === "no_such_part" ? 404 : 422)
        .json({ error: { reason: file.error.kind, message: file.error.message } });
      return;
    }
    const { count } = file.value;
    csvHeaders(res, `xero-manual-journal_${scopeName(scope)}${count > 1 ? `_part-${part.data}-of-${count}` : ""}.csv`);
    res.setHeader("X-File-Count", String(count));
    res.send(file.value.content);
  });
  return router;
}
