import { backfillCommand } from "./backfill-command.js";

export const subscriptionsBackfillUsage = `usage: sidecar subscriptions-backfill [--name <name>] [--page-size <n>] [--per-second <n>]
  subscriptions-backfill  brings nopCommerce's existing recurring payments under the subscriptions flow, each once,
          page by page (a Stripe subscription after the cycles already paid, or not billed with the reason); resumes
          where a stopped run of the same --name left off (default "recurring-payments"); --per-second: Stripe
          requests per second (default CUSTOMER_BACKFILL_PER_SECOND, else 25 in test mode, 100 live). Progress on stderr.`;

export const runSubscriptionsBackfillCommand = backfillCommand({
  command: "subscriptions-backfill",
  usage: subscriptionsBackfillUsage,
  label: "recurring payments",
  defaultName: "recurring-payments",
  run: (flows, run) => flows.subscriptions.backfill(run),
});
