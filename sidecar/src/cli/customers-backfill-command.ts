import { ProgressBar } from "../backfill/progress-bar.js";
import type { Config } from "../config.js";
import { createExternalSystems } from "../external-systems.js";
import { registerFlows } from "../flows/register-flows.js";
import type { Logger } from "../logger.js";
import { Sidecar } from "../sidecar.js";
import { importConfiguredSecrets } from "../vault/configured-secrets.js";
import { adminCommand, auditedRun, CommandFailed } from "./command-support.js";

export const customersBackfillUsage = `usage: sidecar customers-backfill [--name <name>] [--page-size <n>] [--per-second <n>]
  customers-backfill  brings nopCommerce's registered customers to Stripe, each once, page by page; resumes
          where a stopped run of the same --name left off (default "customers"); --per-second: Stripe requests
          per second (default CUSTOMER_BACKFILL_PER_SECOND, else 25 in test mode, 100 live). Progress on stderr.`;

const positive = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CommandFailed(`--${name} must be a whole number above 0, not ${value}`);
  return n;
};

export const runCustomersBackfillCommand = adminCommand(
  "customers-backfill",
  customersBackfillUsage,
  {
    "": {
      options: { name: { type: "string" }, "page-size": { type: "string" }, "per-second": { type: "string" } },
    },
  },
  async ({ values }, config: Config, logger: Logger, io) => {
    if (!config.STRIPE_SECRET_KEY) {
      io.err("sidecar: set STRIPE_SECRET_KEY and the NOP_ settings: the backfill talks to the real systems");
      return 78;
    }
    const sidecar = await Sidecar.open({ config, logger });
    await importConfiguredSecrets(sidecar, config);
    const flows = registerFlows(sidecar, createExternalSystems(config, logger, sidecar.vault), () => "");
    const session = { audit: sidecar.audit, close: () => sidecar.close() };
    return auditedRun(session, io, "cli:customers-backfill", async () => {
      const bar = new ProgressBar("customers");
      const perSecond = positive(values["per-second"] as string | undefined, "per-second");
      const pageSize = positive(values["page-size"] as string | undefined, "page-size");
      const name = (values.name as string | undefined) ?? "customers";
      const at = await flows.customers.backfill({
        name,
        ...(perSecond ? { perSecond } : {}),
        ...(pageSize ? { pageSize } : {}),
        onProgress: ({ processed, totalCount }) => bar.update(processed, totalCount),
      });
      bar.finish(at.processed, at.totalCount);
      io.out(JSON.stringify({ name, processed: at.processed, totalCount: at.totalCount, finished: at.finished }));
      return { target: name, detail: { processed: at.processed, finished: at.finished } };
    });
  },
);
