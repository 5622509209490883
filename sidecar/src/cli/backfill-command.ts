import type { BackfillCheckpoint, BackfillRun } from "../backfill/paged-backfill.js";
import { ProgressBar } from "../backfill/progress-bar.js";
import type { Config } from "../config.js";
import { createExternalSystems } from "../external-systems.js";
import { type Flows, registerFlows } from "../flows/register-flows.js";
import type { Logger } from "../logger.js";
import { Sidecar } from "../sidecar.js";
import { importConfiguredSecrets } from "../vault/configured-secrets.js";
import { adminCommand, auditedRun, CommandFailed } from "./command-support.js";

const positive = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CommandFailed(`--${name} must be a whole number above 0, not ${value}`);
  return n;
};

/** A backfill command: `--name`, `--page-size`, `--per-second`, the shared progress bar on stderr, JSON on stdout. */
export function backfillCommand(spec: {
  command: string;
  usage: string;
  /** The progress bar's label and the default checkpoint name. */
  label: string;
  defaultName: string;
  run(flows: Flows, run: BackfillRun & { perSecond?: number }): Promise<BackfillCheckpoint>;
}) {
  return adminCommand(
    spec.command,
    spec.usage,
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
      return auditedRun(session, io, `cli:${spec.command}`, async () => {
        const bar = new ProgressBar(spec.label);
        const perSecond = positive(values["per-second"] as string | undefined, "per-second");
        const pageSize = positive(values["page-size"] as string | undefined, "page-size");
        const name = (values.name as string | undefined) ?? spec.defaultName;
        const at = await spec.run(flows, {
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
}
