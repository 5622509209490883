import { describe, expect, it } from "vitest";
import { throttledLog } from "./throttled-log.js";

describe("throttledLog", () => {
  it("writes once per interval and key, then says how many it held back", () => {
    let clock = 0;
    const log = throttledLog(1000, () => clock);
    const written: string[] = [];
    const write = (key: string) => log(key, (heldBack) => written.push(`${key}:${heldBack}`));
    write("a");
    write("a");
    write("b");
    clock = 999;
    write("a");
    clock = 1000;
    write("a");
    write("b");
    expect(written).toEqual(["a:0", "b:0", "a:2", "b:0"]);
  });
});
