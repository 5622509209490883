import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PermanentError } from "../jobs/permanent-error.js";
import { defineJob } from "./typed-job.js";

const reminder = defineJob("billing.remind", z.object({ invoiceId: z.string().regex(/^in_/), attempt: z.number() }));

describe("defineJob", () => {
  it("makes jobs whose id comes from the given parts, so the same parts make one job", () => {
    const job = reminder.with({ invoiceId: "in_1", attempt: 1 }, { idParts: ["in_1", "event:evt_1"], delayMs: 50 });
    expect(job).toEqual({
      id: "billing.remind~in_1~event-evt_1",
      name: "billing.remind",
      data: { invoiceId: "in_1", attempt: 1 },
      delayMs: 50,
    });
  });

  it("refuses to make a job whose payload does not fit", () => {
    expect(() => reminder.with({ invoiceId: "x", attempt: 1 }, { idParts: ["x"] })).toThrow();
  });

  it("parses a stored payload, and names what does not fit as permanent", () => {
    expect(reminder.parse({ invoiceId: "in_2", attempt: 2 })).toEqual({ invoiceId: "in_2", attempt: 2 });
    const failure = (() => {
      try {
        reminder.parse({ invoiceId: "in_2" });
      } catch (err) {
        return err;
      }
    })();
    expect(failure).toBeInstanceOf(PermanentError);
    expect((failure as PermanentError).message).toContain("data.attempt");
    expect((failure as PermanentError).problem.code).toBe("job_payload_invalid");
  });
});
