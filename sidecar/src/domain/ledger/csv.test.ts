import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, csvTable } from "./csv.js";
import { readCsv } from "./test-support/read-csv.js";

describe("csv", () => {
  it("quotes only fields with a comma, a quote or a line break, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(null)).toBe("");
    expect(csvField(-12.5)).toBe("-12.5");
  });

  it("every record ends with CRLF and reads back field for field", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (rows) => {
        expect(readCsv(csvTable(["a", "b"], rows))).toEqual([["a", "b"], ...rows]);
      }),
    );
  });
});
