import { backfillCommand } from "./backfill-command.js";

export const customersBackfillUsage = `usage: sidecar customers-backfill [--name <name>] [--page-size <n>] [--per-second <n>]
  customers-backfill  brings nopCommerce's registered customers to Stripe, each once, page by page; resumes
          where a stopped run of the same --name left off (default "customers"); --per-second: Stripe requests
          per second (default CUSTOMER_BACKFILL_PER_SECOND, else 25 in test mode, 100 live). Progress on stderr.`;

export const runCustomersBackfillCommand = backfillCommand({
  command: "customers-backfill",
  usage: customersBackfillUsage,
  label: "customers",
  defaultName: "customers",
  run: (flows, run) => flows.customers.backfill(run),
});
