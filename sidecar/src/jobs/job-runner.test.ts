import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { Metrics } from "../observability/metrics.js";
import type { JobAttempt } from "./job-queue.js";
import { JobRunner } from "./job-runner.js";

/** An error as PostgreSQL's drivers raise it, with its SQLSTATE in `code`. */
const sqlError = (code: string, message: string) => Object.assign(new Error(message), { code });

function runnerWith(failure: Error) {
  const deadLetters: { error: string; suggestion: string | undefined }[] = [];
  const history = {
    recordFailure: async () => {},
    deadLetter: async (_job: JobAttempt, error: string, suggestion: string | undefined) =>
      void deadLetters.push({ error, suggestion }),
  };
  const runner = new JobRunner(
    history,
    { maxAttempts: 8, baseDelayMs: 10, maxDelayMs: 100 },
    new Metrics(),
    pino({ level: "silent" }),
  );
  runner.register("work", async () => {
    throw failure;
  });
  const attempt = (n: number) => runner.process({ id: "job-1", name: "work", data: {}, attempt: n, maxAttempts: 8 });
  return { attempt, deadLetters };
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
    expect(deadLetters[0]!.suggestion).not.toMatch(/transient|then replay/);
  });

  it("retries other database failures (a lost connection) until the attempts are spent", async () => {
    const { attempt, deadLetters } = runnerWith(sqlError("08006", "connection failure"));
    expect(await attempt(1)).toMatchObject({ kind: "retry" });
    expect(deadLetters).toEqual([]);
    expect(await attempt(8)).toEqual({ kind: "done" });
    expect(deadLetters[0]!.suggestion).toMatch(/^transient failures exhausted the attempts/);
  });
});
