import { describe, expect, it } from "vitest";
import { ProgressBar } from "./progress-bar.js";

const output = (isTTY: boolean) => {
  const written: string[] = [];
  return { written, out: { isTTY, columns: 80, write: (t: string) => written.push(t) } };
};

describe("ProgressBar", () => {
  it("redraws one line on a terminal, at most every 100 ms", () => {
    let clock = 0;
    const { written, out } = output(true);
    const bar = new ProgressBar("customers", out, () => clock);
    clock = 1000;
    bar.update(10, 100);
    clock = 1050;
    bar.update(20, 100); // too soon: not drawn
    clock = 2000;
    bar.finish(100, 100);
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^\r\[#+-+\] customers 10\/100 10\.0\/s$/);
    expect(written[1]).toMatch(/^\r\[#+\] customers 100\/100 50\.0\/s$/);
    expect(written[2]).toBe("\n");
  });

  it("prints a plain line per tenth elsewhere", () => {
    let clock = 0;
    const { written, out } = output(false);
    const bar = new ProgressBar("customers", out, () => clock);
    for (let done = 1; done <= 100; done++) {
      clock += 10;
      bar.update(done, 100);
    }
    expect(written).toHaveLength(11);
    expect(written.every((line) => !line.includes("\r") && line.endsWith("\n"))).toBe(true);
  });
});
