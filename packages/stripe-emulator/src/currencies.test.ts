import { describe, expect, it } from "vitest";
import { minorUnitExponent } from "./currencies.js";
import { cardProcessingFee } from "./fees.js";
import { failure, useEmulatorKit } from "./test-support/emulator-fixture.js";

const kit = useEmulatorKit();

describe("currency rules", () => {
  it("knows zero-, two- and three-decimal currencies", () => {
    expect(minorUnitExponent("jpy")).toBe(0);
    expect(minorUnitExponent("krw")).toBe(0);
    expect(minorUnitExponent("usd")).toBe(2);
    expect(minorUnitExponent("isk")).toBe(2);
    expect(minorUnitExponent("kwd")).toBe(3);
  });

  it("computes 2.9% + 0.30 with half-up rounding", () => {
    expect(cardProcessingFee(1000, "usd")).toBe(59);
    expect(cardProcessingFee(50, "usd")).toBe(31);
    // 2.9% of 1050 = 30.45, plus 30 = 60.45 -> 60; of 1550 = 44.95 + 30 -> 75
    expect(cardProcessingFee(1050, "usd")).toBe(60);
    expect(cardProcessingFee(1550, "usd")).toBe(75);
    expect(cardProcessingFee(1000, "jpy")).toBe(29);
    expect(cardProcessingFee(50000, "isk")).toBe(1500);
  });

  it("enforces minimum amounts per currency", async () => {
    const usd = await failure(kit.stripe.paymentIntents.create({ amount: 49, currency: "usd" }));
    expect(usd.code).toBe("amount_too_small");
    expect(usd.param).toBe("amount");
    expect(usd.message).toBe("Amount must be at least $0.50 usd");
    const mxn = await failure(kit.stripe.paymentIntents.create({ amount: 999, currency: "mxn" }));
    expect(mxn.code).toBe("amount_too_small");
    const jpy = await failure(kit.stripe.paymentIntents.create({ amount: 49, currency: "jpy" }));
    expect(jpy.message).toBe("Amount must be at least ¥50 jpy");
    const ok = await kit.stripe.paymentIntents.create({ amount: 50, currency: "jpy" });
    expect(ok.amount).toBe(50);
  });

  it("enforces the maximum amount", async () => {
    const error = await failure(kit.stripe.paymentIntents.create({ amount: 100_000_000, currency: "usd" }));
    expect(error.code).toBe("amount_too_large");
  });

  it("requires three-decimal amounts to end in 0 and ISK amounts in 00", async () => {
    const kwd = await failure(kit.stripe.paymentIntents.create({ amount: 5124, currency: "kwd" }));
    expect(kwd.code).toBe("invalid_charge_amount");
    const fine = await kit.stripe.paymentIntents.create({ amount: 5120, currency: "KWD" });
    expect(fine.currency).toBe("kwd");
    const isk = await failure(kit.stripe.paymentIntents.create({ amount: 50050, currency: "isk" }));
    expect(isk.code).toBe("invalid_charge_amount_no_decimal_compatible");
  });

  it("rejects unsupported currencies", async () => {
    const error = await failure(kit.stripe.paymentIntents.create({ amount: 1000, currency: "xyz" }));
    expect(error.param).toBe("currency");
    expect(error.message).toMatch(/^Invalid currency: xyz/);
  });
});
