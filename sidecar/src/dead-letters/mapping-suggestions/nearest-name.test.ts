import { describe, expect, it } from "vitest";
import { countryCodeOfName } from "./country-names.js";
import { editDistance, nearestName } from "./nearest-name.js";

describe("nearest names", () => {
  it("counts a swap of neighbours as one slip", () => {
    expect(editDistance("emial", "email")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("finds a typo, a renaming in another case or style, and refuses a tie or a stranger", () => {
    expect(nearestName("emial", ["email", "city", "phone"])).toEqual({ name: "email", similarity: 0.8 });
    expect(nearestName("zip_postal_code", ["zipPostalCode", "city"])?.name).toBe("zipPostalCode");
    expect(nearestName("mail", ["email", "city"])?.name).toBe("email");
    expect(nearestName("cat", ["car", "cab"])).toBeUndefined();
    expect(nearestName("telefax", ["email", "city"])).toBeUndefined();
  });

  it("knows country names in English and the country's own language", () => {
    expect(countryCodeOfName("Germany")).toBe("DE");
    expect(countryCodeOfName("Deutschland")).toBe("DE");
    expect(countryCodeOfName("United States")).toBe("US");
    expect(countryCodeOfName("U.S.A.")).toBe("US");
    expect(countryCodeOfName("österreich")).toBe("AT");
    expect(countryCodeOfName("Atlantis")).toBeUndefined();
  });
});
