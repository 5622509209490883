import { describe, expect, it } from "vitest";
import { postalCode, standardAddress } from "./standard-address.js";

describe("standardAddress", () => {
  it("upper-cases codes, trims parts and turns blanks into null", () => {
    expect(
      standardAddress({
        address1: "  1 Main   Street ",
        address2: " ",
        city: "New York",
        stateProvinceCode: "ny",
        zipPostalCode: "10001 ",
        countryCode: "us",
      }),
    ).toEqual({
      line1: "1 Main Street",
      line2: null,
      city: "New York",
      state: "NY",
      postal_code: "10001",
      country: "US",
    });
  });

  it("formats postal codes of countries with a fixed format and leaves others as written", () => {
    expect(postalCode("100012345", "US")).toBe("10001-2345");
    expect(postalCode("sw1a1aa", "GB")).toBe("SW1A 1AA");
    expect(postalCode("k1a0b1", "CA")).toBe("K1A 0B1");
    expect(postalCode("1012ab", "NL")).toBe("1012 AB");
    expect(postalCode("75008", "FR")).toBe("75008");
    expect(postalCode("abc", "US")).toBe("ABC");
    expect(postalCode(null, "US")).toBeNull();
  });
});
