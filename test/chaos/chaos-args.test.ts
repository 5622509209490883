import { describe, expect, it } from "vitest";
import { parseChaosArgs } from "./chaos-args.js";

const names = ["kill-web", "erp-outage"];

describe("npm run chaos flags", () => {
  it("defaults to both backends, every experiment and 10-minute outages", () => {
    expect(parseChaosArgs([], names)).toMatchObject({
      backends: ["pg", "embedded"],
      only: [],
      orders: undefined,
      outageMinutes: 10,
      pgPort: 55432,
      redisPort: 56379,
    });
  });

  it("takes a short development run", () => {
    const args = parseChaosArgs(
      ["--backend", "pg", "--only", "erp-outage", "--orders", "100", "--outage-minutes", "2"],
      names,
    );
    expect(args).toMatchObject({ backends: ["pg"], only: ["erp-outage"], orders: 100, outageMinutes: 2 });
  });

  it("refuses an unknown experiment, an unknown flag and the machine's shared ports", () => {
    expect(() => parseChaosArgs(["--only", "kill-everything"], names)).toThrow(
      /unknown kill-everything; known: kill-web/,
    );
    expect(() => parseChaosArgs(["--order", "5"], names)).toThrow(/unknown argument --order/);
    expect(() => parseChaosArgs(["--pg-port", "5432"], names)).toThrow(/shared instance/);
    expect(() => parseChaosArgs(["--redis-port", "6379"], names)).toThrow(/shared instance/);
  });
});
