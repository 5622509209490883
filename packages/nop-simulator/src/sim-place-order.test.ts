import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNopSimulator } from "./nop-simulator.js";
import type { NopSimulator } from "./nop-simulator-api.js";

describe("a placed order's Order.CustomerIp and its customer's CreatedOnUtc (contract 1.2)", () => {
  let nop: NopSimulator;
  let t = Date.parse("2026-12-06T10:00:00.000Z");
  beforeAll(async () => {
    nop = await startNopSimulator({ eventSecret: "whsec_c2VjcmV0", writeBackSecret: "wb", clock: () => (t += 1000) });
  });
  afterAll(() => nop?.close());

  it("a customer's orders come from one documentation-range address by default; another customer's from another", () => {
    const victoria = nop.registerCustomer({ email: `v-${crypto.randomUUID()}@example.com` });
    const first = nop.placeOrder({ customerId: victoria.id });
    const second = nop.placeOrder({ customerId: victoria.id });
    const guest = nop.placeOrder({ email: "guest@example.com" });
    expect(first.customerIp).toMatch(/^203\.0\.113\.\d{1,3}$/);
    expect(second.customerIp).toBe(first.customerIp);
    expect(guest.customerIp).not.toBe(first.customerIp);
    expect(nop.placeOrder({ customerIp: "2001:db8::7" }).customerIp).toBe("2001:db8::7");
    expect(nop.placeOrder({ customerIp: null }).customerIp).toBeNull();
  });

  it("the customer summary carries the row's CreatedOnUtc: a guest's (its visit), or an account's, backdated on request", () => {
    const guest = nop.placeOrder({ email: "new@example.com" });
    expect(guest.customer).toMatchObject({ isGuest: true, createdOnUtc: expect.any(String) });
    expect(Date.parse(guest.customer.createdOnUtc!)).toBeLessThanOrEqual(Date.parse(guest.createdOnUtc));
    const customer = nop.registerCustomer({ email: `old-${crypto.randomUUID()}@example.com` });
    const order = nop.placeOrder({ customerId: customer.id, customerCreatedOnUtc: "2024-03-01T09:00:00.000Z" });
    expect(order.customer).toMatchObject({ isGuest: false, createdOnUtc: "2024-03-01T09:00:00.000Z" });
  });
});
