#!/usr/bin/env node
// The one entry point: reads the environment, then runs the chosen role (run-role.ts) or admin command.
import { existsSync } from "node:fs";
import { pino } from "pino";
import { customersBackfillUsage, runCustomersBackfillCommand } from "./cli/customers-backfill-command.js";
import { deadLettersUsage, runDeadLettersCommand } from "./cli/dead-letters-command.js";
import { driftCheckUsage, runDriftCheckCommand } from "./cli/drift-check-command.js";
import { payoutsUsage, runPayoutsCommand } from "./cli/payouts-command.js";
import { pruneUsage, runPruneCommand } from "./cli/prune-command.js";
import { retryScheduleUsage, runRetryScheduleCommand } from "./cli/retry-schedule-command.js";
import { runSecretCommand, secretUsage } from "./cli/secret-command.js";
import { runSubscriptionsBackfillCommand, subscriptionsBackfillUsage } from "./cli/subscriptions-backfill-command.js";
import { runTokenCommand, tokenUsage } from "./cli/token-command.js";
import { runVaultCommand, vaultUsage } from "./cli/vault-command.js";
import { type Config, ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { type Role, roles } from "./roles.js";

/** Administrative commands: they open the database and the vault, do one thing, audit it and exit. */
const adminCommands = {
  secret: runSecretCommand,
  vault: runVaultCommand,
  token: runTokenCommand,
  "dead-letters": runDeadLettersCommand,
  "retry-schedule": runRetryScheduleCommand,
  prune: runPruneCommand,
  payouts: runPayoutsCommand,
  "drift-check": runDriftCheckCommand,
  "customers-backfill": runCustomersBackfillCommand,
  "subscriptions-backfill": runSubscriptionsBackfillCommand,
} as const;

const usage = `usage: sidecar <start|web|worker|secret|vault|token|dead-letters|retry-schedule|prune|payouts|drift-check|customers-backfill|subscriptions-backfill>
  start   HTTP and workers in one process (npm start)
  web     HTTP only: webhooks, bridge events, GraphQL, health, metrics
  worker  job workers and the sweeper only (run several against one Redis)

${secretUsage}

${vaultUsage}

${tokenUsage}

${deadLettersUsage}

${retryScheduleUsage}

${pruneUsage}

${payoutsUsage}

${driftCheckUsage}

${customersBackfillUsage}
${subscriptionsBackfillUsage}`;

async function main(command: string | undefined) {
  if (!command || !(command in roles || command in adminCommands)) {
    console.error(usage);
    process.exit(2);
  }
  // Names this process in `ps` and in the embedded database's lock: "sidecar start", "sidecar token revoke".
  process.title = ["sidecar", command, ...(command in adminCommands ? process.argv.slice(3, 4) : [])].join(" ");
  if (existsSync(".env")) process.loadEnvFile(".env");

  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`sidecar: ${err.message}`);
    process.exit(78); // EX_CONFIG
  }
  if (command in adminCommands) {
    // Output is the command's; logs (warnings only) go to stderr.
    const logger = createLogger("warn", pino.destination(2));
    const run = adminCommands[command as keyof typeof adminCommands];
    const code = await run(process.argv.slice(3), config, logger).catch((err) => {
      if (!(err instanceof ConfigError)) throw err;
      console.error(`sidecar: ${err.message}`);
      return 78;
    });
    process.exit(code);
  }
  // Imported here, not above: an admin command should not load the HTTP, GraphQL and queue stacks.
  const { runRole } = await import("./run-role.js");
  await runRole(command as Role, config);
}

await main(process.argv[2]);
