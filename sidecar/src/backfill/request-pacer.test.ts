import { describe, expect, it } from "vitest";
import { RequestPacer } from "./request-pacer.js";

describe("RequestPacer", () => {
  it("spaces requests at the rate, after the burst", async () => {
    let clock = 0;
    const waits: number[] = [];
    const pacer = new RequestPacer(
      25,
      2,
      () => clock,
      async (ms) => {
        waits.push(ms);
      },
    );
    for (let i = 0; i < 5; i++) await pacer.take();
    expect(waits).toEqual([40, 80, 120]);
    clock = 1000; // idle for a while: the burst is available again, never more
    waits.length = 0;
    for (let i = 0; i < 3; i++) await pacer.take();
    expect(waits).toEqual([40]);
  });

  it("refuses a rate of 0", () => {
    expect(() => new RequestPacer(0)).toThrow(/above 0/);
  });
});
