export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The default policy and, per system (`erp`, `stripe`, `database`...), the one its failures retry under. */
export interface RetryPolicies {
  default: RetryPolicy;
  systems: Readonly<Record<string, RetryPolicy>>;
}

export const policyFor = (policies: RetryPolicies, system: string | undefined): RetryPolicy =>
  (system === undefined ? undefined : policies.systems[system]) ?? policies.default;

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random, so retries of
 * many jobs failing together spread out instead of hammering a recovering system in lockstep.
 */
export function retryDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number = Math.random): number {
  const exponential = ceilingMs(policy, failedAttempt);
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

const ceilingMs = (policy: RetryPolicy, failedAttempt: number) =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));

/** One row of a policy's schedule: the wait after a failed attempt, and the time since the first attempt. */
export interface ScheduleRow {
  failedAttempt: number;
  delayMs: { min: number; max: number };
  elapsedMs: { min: number; max: number };
}

/** The whole schedule up to the dead letter, for the README's table and `sidecar retry-schedule`. */
export function retrySchedule(policy: RetryPolicy): ScheduleRow[] {
  const rows: ScheduleRow[] = [];
  let min = 0;
  let max = 0;
  for (let failedAttempt = 1; failedAttempt < policy.maxAttempts; failedAttempt++) {
    const ceiling = ceilingMs(policy, failedAttempt);
    min += ceiling / 2;
    max += ceiling;
    rows.push({ failedAttempt, delayMs: { min: ceiling / 2, max: ceiling }, elapsedMs: { min, max } });
  }
  return rows;
}

/** The longest a job can spend retrying under the policy (waits only, as every delay at its ceiling). */
export const worstCaseSpanMs = (policy: RetryPolicy) => retrySchedule(policy).at(-1)?.elapsedMs.max ?? 0;

/**
 * The policy with as many attempts as fit in `windowMs`: Stripe keeps an idempotency key for 24 hours, so a
 * retry later than that could act twice; Stripe's retries must end inside the window.
 */
export function withinWindow(policy: RetryPolicy, windowMs: number): RetryPolicy {
  let maxAttempts = policy.maxAttempts;
  while (maxAttempts > 1 && worstCaseSpanMs({ ...policy, maxAttempts }) > windowMs) maxAttempts--;
  return { ...policy, maxAttempts };
}

/** A duration as people read a schedule: 750 ms, 8 s, 4 min 16 s, 2 h 5 min. */
export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  const min = Math.round((s % 3600) / 60);
  return min ? `${Math.floor(s / 3600)} h ${min} min` : `${Math.floor(s / 3600)} h`;
}

/** The schedule as a Markdown table (the README's and `sidecar retry-schedule`'s); capped waits share one row. */
export function scheduleTable(policy: RetryPolicy): string {
  const rows = retrySchedule(policy);
  const lines = ["| failed attempt | next attempt after | since the first attempt |", "|---|---|---|"];
  for (let i = 0; i < rows.length; ) {
    const first = rows[i]!;
    let last = first;
    while (rows[i + 1]?.delayMs.max === first.delayMs.max) last = rows[++i]!;
    i++;
    const attempts = last === first ? `${first.failedAttempt}` : `${first.failedAttempt} to ${last.failedAttempt}`;
    const elapsed =
      last === first
        ? `${humanDuration(first.elapsedMs.min)} to ${humanDuration(first.elapsedMs.max)}`
        : `up to ${humanDuration(last.elapsedMs.min)} to ${humanDuration(last.elapsedMs.max)}`;
    lines.push(
      `| ${attempts} | ${humanDuration(first.delayMs.min)} to ${humanDuration(first.delayMs.max)} | ${elapsed} |`,
    );
  }
  lines.push(`| ${policy.maxAttempts} | dead letter | |`);
  return lines.join("\n");
}
