import { createStripeClient, vaultCredential } from "../external-systems.js";
import { driftCheckOn } from "../ledger-drift/index.js";
import { adminCommand, CommandFailed, runAudited } from "./command-support.js";

export const driftCheckUsage = `usage: sidecar drift-check --from YYYY-MM-DD --to YYYY-MM-DD
  drift-check   compares Stripe's charges and refunds created in the period (UTC dates, inclusive) with
                nopCommerce's orders and the ledger, once, as the worker does every DRIFT_CHECK_INTERVAL;
                differences become drift_* exceptions, and those that went away are resolved`;

const isoDate = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const runDriftCheckCommand = adminCommand(
  "drift-check",
  driftCheckUsage,
  { "": { options: { from: { type: "string" }, to: { type: "string" } } } },
  async ({ values }, config, logger, io) => {
    const from = String(values.from ?? "");
    const to = String(values.to ?? "");
    return runAudited(config, logger, io, `cli:drift-check ${from}..${to}`, async (session) => {
      if (!isoDate.test(from) || !isoDate.test(to)) throw new CommandFailed("--from and --to are dates YYYY-MM-DD");
      if (from > to) throw new CommandFailed("--from is after --to");
      const stripe = createStripeClient(vaultCredential(session.vault, "stripe_api_key"), config.STRIPE_API_BASE);
      const report = await driftCheckOn(session.sql, stripe).run({ from, to });
      io.out(
        `checked ${report.charges} charge(s) and ${report.refunds} refund(s) from ${from} to ${to}: ` +
          `${report.found} difference(s) (${report.opened} new), ${report.resolved} resolved since`,
      );
      return { detail: { ...report } };
    });
  },
);
