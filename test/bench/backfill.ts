// npm run bench:backfill -- --customers 1000 [--page-size 100] [--per-second 0]
// Customers who registered before the plugin was installed (no events) are made in the nopCommerce simulator;
// the sidecar (in this process, on PostgreSQL + Redis when DATABASE_URL and REDIS_URL are set, else embedded)
// backfills them into the Stripe emulator at the configured rate limit (--per-second 0: the flow's default, 25
// in test mode), is interrupted halfway in the middle of a page (as a crash would leave it) and resumed once.
// per_s: customers per second over both runs, wall clock; stripe_customers: the emulator's customers of the
// backfilled nop customers; duplicates: customers made more than once. Progress on stderr, one JSON line last.

import { ProgressBar } from "../../sidecar/src/backfill/progress-bar.js";
import { stripeCustomers } from "../customers/customers-harness.js";
import { startWithFlows } from "../order-to-cash/o2c-harness.js";
import { backends } from "../support/backends.js";
import { parseArgs, round } from "./bench-support.js";

const args = parseArgs({ customers: 1000, "page-size": 100, "per-second": 0 });
const backend = backends.find((b) => b.name === "postgres+redis") ?? backends[0]!;
const t = await startWithFlows(backend);
try {
  const guids = new Set<string>();
  for (let i = 0; i < args.customers; i++)
    guids.add(
      t.sandbox.nop
        .registerCustomer({ email: `bench-${i}@example.com`, firstName: "Bench", lastName: `${i}` }, { silent: true })
        .customerGuid.toLowerCase(),
    );
  const { customers } = t.flows;
  const perSecond = args["per-second"] || customers.backfillPerSecond;
  const run = { name: "bench", pageSize: args["page-size"], perSecond };
  const bar = new ProgressBar(`backfill (${backend.name}, ${perSecond}/s)`);
  const interruptAt = Math.floor(args.customers / 2 + args["page-size"] / 2);
  const stop = new AbortController();
  const started = performance.now();
  const first = await customers.backfill({
    ...run,
    signal: stop.signal,
    onProgress: ({ processed, totalCount }) => {
      bar.update(processed, totalCount);
      if (processed >= interruptAt) stop.abort();
    },
  });
  process.stderr.write(`\ninterrupted at ${first.processed} checkpointed (page ${first.nextPageIndex}); resuming\n`);
  const last = await customers.backfill({
    ...run,
    onProgress: ({ processed, totalCount }) => bar.update(processed, totalCount),
  });
  const seconds = (performance.now() - started) / 1000;
  bar.finish(last.processed, last.totalCount);
  const made = (await stripeCustomers(t.systems.stripe)).filter((c) => guids.has(c.metadata.nop_customer_guid ?? ""));
  const distinct = new Set(made.map((c) => c.metadata.nop_customer_guid)).size;
  console.log(
    JSON.stringify({
      bench: "backfill",
      customers: args.customers,
      per_s: round(args.customers / seconds, 1),
      limit_per_s: perSecond,
      stripe_customers: made.length,
      duplicates: made.length - distinct,
    }),
  );
} finally {
  await t.close();
}
