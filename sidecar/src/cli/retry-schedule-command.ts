import { parseArgs } from "node:util";
import type { Config } from "../config.js";
import { resolveRetryPolicies } from "../jobs/retry-policies.js";
import { policyFor, scheduleTable } from "../jobs/retry-policy.js";
import { type CommandIo, processIo } from "./command-support.js";

export const retryScheduleUsage = `usage: sidecar retry-schedule [--system <name>]
  Prints when a failing job is tried again under the configured retry policy (JOB_MAX_ATTEMPTS,
  JOB_BACKOFF_BASE_MS, JOB_BACKOFF_MAX_MS, RETRY_POLICIES), for the default or one system (stripe, erp, ...).`;

/** Reads settings only: no database, nothing audited. */
export async function runRetryScheduleCommand(
  argv: string[],
  config: Config,
  _logger: unknown,
  io: CommandIo = processIo,
) {
  let system: string | undefined;
  try {
    ({ system } = parseArgs({ args: argv, options: { system: { type: "string" } } }).values);
  } catch (err) {
    io.err(`${(err as Error).message}\n${retryScheduleUsage}`);
    return 2;
  }
  const policies = resolveRetryPolicies(
    {
      maxAttempts: config.JOB_MAX_ATTEMPTS,
      baseDelayMs: config.JOB_BACKOFF_BASE_MS,
      maxDelayMs: config.JOB_BACKOFF_MAX_MS,
    },
    config.RETRY_POLICIES,
  );
  const policy = policyFor(policies, system);
  io.out(
    `Retries of ${system ?? "every system without a policy of its own"}: ${policy.maxAttempts} attempts, ` +
      `equal jitter (each wait between half and all of its ceiling).\n`,
  );
  io.out(scheduleTable(policy));
  return 0;
}
