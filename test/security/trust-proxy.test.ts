// Which peer may name the client's address (X-Forwarded-For) decides whose rate-limit budget a request spends
// and which address the audit log records. The test client is on loopback, standing for a proxy.
import { afterEach, describe, expect, it } from "vitest";
import { backends } from "../support/backends.js";
import { startTestSidecar, type TestSidecar } from "../support/test-sidecar.js";
import { from, send } from "./hardening-support.js";

const embedded = backends.find((b) => b.name === "embedded")!;
let t: TestSidecar | undefined;
afterEach(() => t?.close());

/** Statuses of /graphql requests (no token: 401 until the address's budget of 3 is spent, then 429). */
async function statusesFrom(addresses: string[]) {
  const statuses: number[] = [];
  for (const address of addresses)
    statuses.push((await send(`${t!.url}/graphql`, { method: "POST", headers: from(address) })).status);
  return statuses;
}

describe("TRUST_PROXY", () => {
  it("by default takes the client address from a loopback proxy: each client spends its own budget", async () => {
    t = await startTestSidecar(embedded, { RATE_LIMIT_PER_IP: "3" }, { workers: false });
    const clients = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"];
    expect(await statusesFrom(clients)).toEqual([401, 401, 401, 401]);
  });

  it("with none, ignores X-Forwarded-For: a client cannot get a fresh budget by naming another address", async () => {
    t = await startTestSidecar(embedded, { RATE_LIMIT_PER_IP: "3", TRUST_PROXY: "none" }, { workers: false });
    const claimed = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"];
    expect(await statusesFrom(claimed)).toEqual([401, 401, 401, 429]);
  });
});
