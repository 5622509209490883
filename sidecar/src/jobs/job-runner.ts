import { dataExceptionCode } from "../db/data-exception.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../observability/metrics.js";
import { knownSecrets } from "../vault/known-secrets.js";
import type { AttemptOutcome, JobAttempt } from "./job-queue.js";
import { PermanentError, type Problem } from "./permanent-error.js";
import { type RetryPolicy, retryDelayMs } from "./retry-policy.js";

export type JobHandler = (job: JobAttempt) => Promise<void>;

/** Where attempts and dead letters are written; the same for both queue backends. */
export interface JobHistory {
  recordFailure(job: JobAttempt, error: string): Promise<void>;
  /** `problem`: a PermanentError's structure, when it was one. */
  deadLetter(job: JobAttempt, error: string, suggestion: string | undefined, problem?: Problem): Promise<void>;
}

/**
 * Runs one attempt of a job and decides what happens next: done, retry after a backoff, or dead-letter.
 * Backends only schedule; every retry and dead-letter decision is made here, the same way for both.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();

  constructor(
    private readonly history: JobHistory,
    private readonly policy: RetryPolicy,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  register(name: string, handler: JobHandler): void {
    if (this.handlers.has(name)) throw new Error(`a handler for job ${name} is already registered`);
    this.handlers.set(name, handler);
  }

  readonly process = async (job: JobAttempt): Promise<AttemptOutcome> => {
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

  private async fail(job: JobAttempt, err: unknown): Promise<AttemptOutcome> {
    // Kept in the job history and shown to operators: an upstream error may echo a credential it was sent.
    const error = knownSecrets.scrub(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    this.metrics.jobsFailed.inc({ job: job.name });
    await this.history.recordFailure(job, error);
    const permanent = permanentSuggestion(err);
    if (permanent || job.attempt >= job.maxAttempts) {
      const suggestion = permanent
        ? permanent.suggestion
        : "transient failures exhausted the attempts: check the system named in the error, then replay";
      await this.history.deadLetter(job, error, suggestion, permanent?.problem);
      this.metrics.jobsDeadLettered.inc({ job: job.name });
      this.logger.error({ jobId: job.id, job: job.name, attempt: job.attempt, error }, "job dead-lettered");
      return { kind: "done" };
    }
    const delayMs = retryDelayMs(this.policy, job.attempt);
    this.logger.warn({ jobId: job.id, job: job.name, attempt: job.attempt, delayMs, error }, "job failed, will retry");
    return { kind: "retry", delayMs, error };
  }
}

/**
 * Why retrying cannot help, or undefined when it might. A data exception (SQLSTATE class 22) is the value's
 * fault, not the database's: the same job stores the same value and fails the same way every time.
 */
function permanentSuggestion(err: unknown): { suggestion: string | undefined; problem?: Problem } | undefined {
  if (err instanceof PermanentError) return { suggestion: err.suggestion, problem: scrubbed(err.problem) };
  const sqlstate = dataExceptionCode(err);
  if (sqlstate)
    return {
      problem: { code: "data_exception", system: "database", value: sqlstate },
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
