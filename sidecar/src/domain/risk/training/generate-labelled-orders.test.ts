import { describe, expect, it } from "vitest";
import { isDisposableEmailDomain } from "../disposable-email-domains.js";
import { generateLabelledOrders } from "./generate-labelled-orders.js";

describe("generateLabelledOrders", () => {
  const orders = generateLabelledOrders({ seed: 7, orders: 20_000 });
  const frauds = orders.filter((o) => o.fraud);
  const goods = orders.filter((o) => !o.fraud);
  const share = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length / items.length;

  it("is the same for the same seed and differs for another", () => {
    expect(generateLabelledOrders({ seed: 7, orders: 300 })).toEqual(orders.slice(0, 300));
    expect(generateLabelledOrders({ seed: 8, orders: 300 })).not.toEqual(orders.slice(0, 300));
  });

  it("has a fraud base rate of a few percent, spread over every pattern", () => {
    expect(frauds.length / orders.length).toBeGreaterThan(0.02);
    expect(frauds.length / orders.length).toBeLessThan(0.05);
    expect(new Set(frauds.map((o) => o.pattern))).toEqual(
      new Set(["card_testing", "stolen_card", "disposable_email", "account_takeover"]),
    );
    expect(new Set(goods.map((o) => o.pattern))).toEqual(new Set(["returning_customer", "new_account", "guest"]));
  });

  it("makes Radar imperfect: some fraud rated normal, some good orders elevated or highest", () => {
    const flagged = (o: (typeof orders)[number]) =>
      o.facts.radar.riskLevel === "elevated" || o.facts.radar.riskLevel === "highest";
    expect(share(frauds, flagged)).toBeGreaterThan(0.3);
    expect(share(frauds, flagged)).toBeLessThan(0.7);
    expect(share(goods, flagged)).toBeGreaterThan(0.01);
    expect(share(goods, flagged)).toBeLessThan(0.05);
  });

  it("gives each fraud pattern its tell, rarer in good orders", () => {
    const of = (pattern: string) => orders.filter((o) => o.pattern === pattern);
    expect(share(of("card_testing"), (o) => o.facts.declinesBeforeSuccess > 0)).toBe(1);
    expect(share(goods, (o) => o.facts.declinesBeforeSuccess > 0)).toBeLessThan(0.1);
    expect(share(of("disposable_email"), (o) => isDisposableEmailDomain(o.facts.emailDomain!))).toBe(1);
    expect(share(goods, (o) => isDisposableEmailDomain(o.facts.emailDomain!))).toBeLessThan(0.01);
    const abroadCard = (o: (typeof orders)[number]) => o.facts.card!.country !== o.facts.billingCountry;
    expect(share(of("stolen_card"), abroadCard)).toBeGreaterThan(0.5);
    expect(share(goods, abroadCard)).toBeLessThan(0.05);
    const aboveUsual = (o: (typeof orders)[number]) => o.facts.amountMinor > (o.facts.history.maxPaidMinor ?? Infinity);
    expect(share(of("account_takeover"), aboveUsual)).toBeGreaterThan(0.5);
    expect(share(of("returning_customer"), aboveUsual)).toBeLessThan(0.2);
  });

  it("counts velocity over the configured windows, never fewer in a longer one", () => {
    const windows = [15 * 60_000, 3_600_000, 86_400_000];
    const [order] = generateLabelledOrders({ seed: 1, orders: 1, velocityWindowsMs: windows });
    for (const key of ["customer", "email", "ip", "card"]) {
      const counts = order!.facts.velocity.filter((v) => v.key === key);
      expect(counts.map((v) => v.windowMs)).toEqual(windows);
      expect(counts.map((v) => v.count)).toEqual([...counts.map((v) => v.count)].sort((a, b) => a - b));
    }
  });
});
