import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { Metrics } from "../observability/metrics.js";
import { ConnectorUnavailable } from "../ports/connector-errors.js";
import type { Alert } from "../ports/notifier.js";
import type { JobAttempt } from "./job-queue.js";
import { JobRunner } from "./job-runner.js";
import type { Problem } from "./permanent-error.js";
import { SystemDown } from "./system-down.js";

/** An error as PostgreSQL's drivers raise it, with its SQLSTATE in `code`. */
const sqlError = (code: string, message: string) => Object.assign(new Error(message), { code });

const policy = { maxAttempts: 8, baseDelayMs: 10, maxDelayMs: 100 };

function runnerWith(failure: Error, systems: Record<string, typeof policy> = {}) {
  const deadLetters: { error: string; suggestion: string; problem: Problem }[] = [];
  const failures: { error: string; retryAt: Date | undefined }[] = [];
  const parked: { id: string; system: string }[] = [];
  const alerts: Alert[] = [];
  const history = {
    recordFailure: async (_job: JobAttempt, error: string, retryAt?: Date) => void failures.push({ error, retryAt }),
    deadLetter: async (_job: JobAttempt, error: string, suggestion: string, problem: Problem) => {
      // The first of its kind while none is open: what the database answers, by code.
      const first = !deadLetters.some((d) => d.problem.code === problem.code);
      deadLetters.push({ error, suggestion, problem });
      return first;
    },
    park: async (job: JobAttempt, system: string) => void parked.push({ id: job.id, system }),
    lostWorkerCount: async () => failures.filter((f) => f.error.startsWith("WorkerLost")).length,
  };
  const runner = new JobRunner(
    history,
    { default: policy, systems },
    { alert: async (alert) => void alerts.push(alert) },
    new Metrics(),
    pino({ level: "silent" }),
  );
  runner.register("work", async () => {
    throw failure;
  });
  const job = (n: number) => ({ id: "job-1", name: "work", data: {}, attempt: n });
  const attempt = (n: number) => runner.process(job(n));
  return { runner, job, attempt, deadLetters, failures, parked, alerts };
}

describe("JobRunner failures", () => {
  it("dead-letters a data exception (SQLSTATE class 22) at the first attempt, without suggesting a replay", async () => {
    const { attempt, deadLetters } = runnerWith(
      sqlError("22003", 'value "100000000000000000000" is out of range for type bigint'),
    );
    expect(await attempt(1)).toEqual({ kind: "done" });
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]!.suggestion).toContain("SQLSTATE 22003");
    expect(deadLetters[0]!.suggestion).toContain("replaying fails the same way");
    expect(deadLetters[0]!.problem).toMatchObject({ code: "data_exception", system: "database" });
  });

  it("retries a lost database connection with the retry due recorded, then dead-letters it as transient", async () => {
    const { attempt, deadLetters, failures } = runnerWith(sqlError("08006", "connection failure"));
    const before = Date.now();
    const first = await attempt(1);
    expect(first).toMatchObject({ kind: "retry" });
    expect(failures[0]!.retryAt!.getTime()).toBeGreaterThanOrEqual(before + 5);
    expect(deadLetters).toEqual([]);
    expect(await attempt(8)).toEqual({ kind: "done" });
    expect(deadLetters[0]!.problem).toEqual({ code: "transient_exhausted", system: "database" });
    expect(deadLetters[0]!.suggestion).toMatch(/^transient failures exhausted 8 attempts/);
  });

  it("retries under the policy of the system that failed", async () => {
    const { attempt, deadLetters } = runnerWith(new ConnectorUnavailable("erp", 4, "503 maintenance"), {
      erp: { ...policy, maxAttempts: 2 },
    });
    expect(await attempt(1)).toMatchObject({ kind: "retry" });
    expect(await attempt(2)).toEqual({ kind: "done" });
    expect(deadLetters[0]!.problem).toEqual({ code: "transient_exhausted", system: "erp" });
  });

  it("parks a job whose system is down: no attempt spent, no failure recorded, no dead letter", async () => {
    const { attempt, parked, failures, deadLetters } = runnerWith(new SystemDown("erp", "erp is down"));
    expect(await attempt(8)).toEqual({ kind: "done" });
    expect(parked).toEqual([{ id: "job-1", system: "erp" }]);
    expect(failures).toEqual([]);
    expect(deadLetters).toEqual([]);
  });

  it("alerts once per kind of dead letter, with the suggested fix", async () => {
    const { attempt, alerts, deadLetters } = runnerWith(sqlError("22P02", "invalid input syntax"));
    await attempt(1);
    await attempt(1);
    expect(deadLetters).toHaveLength(2);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ code: "job.dead_lettered", severity: "critical" });
    expect(alerts[0]!.message).toContain("correct the value at its source");
  });

  it("takes back a job that lost its worker twice, and dead-letters it the third time", async () => {
    const { runner, job, deadLetters, alerts } = runnerWith(new Error("unused"));
    expect(await runner.workerLost(job(1), "job stalled more than allowable limit")).toBe("retry");
    expect(await runner.workerLost(job(1), "job stalled more than allowable limit")).toBe("retry");
    expect(deadLetters).toEqual([]);
    expect(await runner.workerLost(job(1), "job stalled more than allowable limit")).toBe("dead");
    expect(deadLetters[0]!.problem).toEqual({ code: "worker_lost" });
    expect(alerts.map((a) => a.code)).toEqual(["job.dead_lettered"]);
  });
});
