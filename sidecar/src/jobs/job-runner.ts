import { dataExceptionCode } from "../db/data-exception.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../observability/metrics.js";
import { ConnectorError } from "../ports/connector-errors.js";
import type { Notifier } from "../ports/notifier.js";
import { knownSecrets } from "../vault/known-secrets.js";
import type { AttemptOutcome, JobAttempt } from "./job-queue.js";
import { PermanentError, type Problem } from "./permanent-error.js";
import { policyFor, type RetryPolicies, retryDelayMs } from "./retry-policy.js";
import { SystemDown } from "./system-down.js";

export type JobHandler = (job: JobAttempt) => Promise<void>;

/** Where attempts, parked jobs and dead letters are written; the same for both queue backends. */
export interface JobHistory {
  /** `retryAt`: when the next attempt is due (the sweeper looks for jobs lost while they waited). */
  recordFailure(job: JobAttempt, error: string, retryAt?: Date): Promise<void>;
  /**
   * `problem`: what it is about, for tools and for grouping. Returns true when no other open dead letter has the
   * same problem (code, system, field, mapping): the first of its kind, worth an alert.
   */
  deadLetter(job: JobAttempt, error: string, suggestion: string, problem: Problem): Promise<boolean>;
  /** Sets the job aside until `system` answers again; its attempts are not spent meanwhile. */
  park(job: JobAttempt, system: string, reason: string): Promise<void>;
  /** How often the job's worker was lost mid-attempt (killed, or the job stalled). */
  lostWorkerCount(jobId: string): Promise<number>;
}

/** A job's worker was lost this many times: the job itself is likely what kills it. */
const maxLostWorkers = 3;
export const lostWorkerPrefix = "WorkerLost: ";

/**
 * Runs one attempt of a job and decides what happens next: done, retry after a backoff (under the retry policy
 * of the system that failed), park until a system that is down answers, or dead-letter with an alert.
 * Backends only schedule; every decision is made here, the same way for both.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();

  constructor(
    private readonly history: JobHistory,
    private readonly policies: RetryPolicies,
    private readonly notifier: Notifier,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  register(name: string, handler: JobHandler): void {
    if (this.handlers.has(name)) throw new Error(`a handler for job ${name} is already registered`);
    this.handlers.set(name, handler);
  }

  readonly process = async (job: JobAttempt): Promise<AttemptOutcome> => {
    // A job that keeps killing its worker is dead-lettered rather than run again.
    if (job.workerLost && (await this.workerLost(job, job.workerLost)) === "dead") return { kind: "done" };
    const handler = this.handlers.get(job.name);
    const stopTimer = this.metrics.handlerSeconds.startTimer({ job: job.name });
    try {
      if (!handler)
        throw new PermanentError(`no handler registered for job ${job.name}`, "deploy a worker that knows this job");
      await handler(job);
      this.metrics.jobsProcessed.inc({ job: job.name });
      return { kind: "done" };
    } catch (err) {
      return await this.fail(job, err);
    } finally {
      stopTimer();
    }
  };

  /**
   * A job whose worker was lost mid-attempt and that the queue gave up on (BullMQ's failed set): retry it,
   * unless it has lost its worker too often, then dead-letter it. Returns what to do with it.
   */
  async workerLost(job: JobAttempt, reason: string): Promise<"retry" | "dead"> {
    const lost = (await this.history.lostWorkerCount(job.id)) + 1;
    const error = `${lostWorkerPrefix}${knownSecrets.scrub(reason)}`;
    await this.history.recordFailure(job, error);
    if (lost < maxLostWorkers) return "retry";
    await this.deadLetter(job, error, {
      code: "worker_lost",
      suggestion:
        `the job's worker was lost ${lost} times (killed, or the job blocked it past its lease): ` +
        "look for a crash or a handler that blocks the event loop, then replay",
    });
    return "dead";
  }

  private async fail(job: JobAttempt, err: unknown): Promise<AttemptOutcome> {
    // Kept in the job history and shown to operators: an upstream error may echo a credential it was sent.
    const error = knownSecrets.scrub(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    this.metrics.jobsFailed.inc({ job: job.name });
    if (err instanceof SystemDown) {
      await this.history.park(job, err.system, error);
      this.metrics.jobsParked.inc({ system: err.system });
      this.logger.info({ jobId: job.id, job: job.name, system: err.system }, "job parked until its system answers");
      return { kind: "done" };
    }
    const permanent = permanentProblem(err);
    const system = failingSystem(err);
    const policy = policyFor(this.policies, system);
    if (permanent || job.attempt >= policy.maxAttempts) {
      await this.history.recordFailure(job, error);
      await this.deadLetter(
        job,
        error,
        permanent ?? {
          code: "transient_exhausted",
          ...(system ? { system } : {}),
          suggestion: `transient failures exhausted ${job.attempt} attempts: check ${system ?? "the system named in the error"}; replayed by itself when ${system ?? "it"} recovers from an outage`,
        },
      );
      return { kind: "done" };
    }
    const delayMs = retryDelayMs(policy, job.attempt);
    await this.history.recordFailure(job, error, new Date(Date.now() + delayMs));
    this.logger.warn({ jobId: job.id, job: job.name, attempt: job.attempt, delayMs, error }, "job failed, will retry");
    return { kind: "retry", delayMs, error };
  }

  private async deadLetter(job: JobAttempt, error: string, found: Problem & { suggestion: string }): Promise<void> {
    const { suggestion, ...problem } = found;
    const firstOfItsKind = await this.history.deadLetter(job, error, suggestion, problem);
    this.metrics.jobsDeadLettered.inc({ job: job.name });
    this.logger.error({ jobId: job.id, job: job.name, attempt: job.attempt, error }, "job dead-lettered");
    // One alert per kind of problem while it stays unsolved: five hundred orders failing one mapping are one fix.
    if (firstOfItsKind)
      await this.notifier
        .alert({
          severity: "critical",
          code: "job.dead_lettered",
          message: `${job.name} dead-lettered (${problem.code}): ${suggestion}`,
          context: { jobId: job.id, job: job.name, problem, error },
        })
        .catch(() => {});
  }
}

/** The system whose failure this is, when known: a connector's, or the database's own. */
function failingSystem(err: unknown): string | undefined {
  if (err instanceof ConnectorError) return err.system;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(08|53|57)[0-9A-Z]{3}$/.test(code) ? "database" : undefined;
}

/**
 * Why retrying cannot help, or undefined when it might. A data exception (SQLSTATE class 22) is the value's
 * fault, not the database's: the same job stores the same value and fails the same way every time.
 */
function permanentProblem(err: unknown): (Problem & { suggestion: string }) | undefined {
  if (err instanceof PermanentError)
    return { ...scrubbed(err.problem), suggestion: err.suggestion ?? "fix the cause named in the error, then replay" };
  const sqlstate = dataExceptionCode(err);
  if (sqlstate)
    return {
      code: "data_exception",
      system: "database",
      value: sqlstate,
      suggestion:
        `the database refused a value the job carries (SQLSTATE ${sqlstate}): replaying fails the same way; ` +
        "correct the value at its source, or close the dead letter",
    };
  return undefined;
}

/** A problem as it may be kept: a value that quotes a credential loses it, as the error text does. */
function scrubbed(problem: Problem): Problem {
  try {
    return JSON.parse(knownSecrets.scrub(JSON.stringify(problem))) as Problem;
  } catch {
    const { value: _dropped, ...rest } = problem;
    return rest;
  }
}
