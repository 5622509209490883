import { describe, expect, it } from "vitest";
import { erpSalesOrderMappingV1 } from "../../domain/mapping/erp-sales-order-mapping.js";
import { err, ok, type Result } from "../../domain/result.js";
import type { ModelFailure, StructuredModel, StructuredRequest } from "../../llm/structured-model.js";
import { modelSuggestions } from "./model-suggestion.js";
import { locateRule, withRule } from "./spec-edit.js";
import type { MappingFailure } from "./suggestion.js";

/** A model that answers what it is told to, and keeps what it was asked. */
function scriptedModel(answer: (request: StructuredRequest<unknown>) => Result<unknown, ModelFailure>) {
  const asked: StructuredRequest<unknown>[] = [];
  const model: StructuredModel = {
    model: "scripted",
    async ask<T>(request: StructuredRequest<T>): Promise<Result<T, ModelFailure>> {
      asked.push(request as StructuredRequest<unknown>);
      const answered = answer(request as StructuredRequest<unknown>);
      if (!answered.ok) return answered;
      // As the real client does: an answer that does not fit the schema is a failure.
      const parsed = request.schema.safeParse(answered.value);
      return parsed.success ? ok(parsed.data) : err({ kind: "invalid_answer", message: "the answer did not fit" });
    },
  };
  return { model, asked };
}

const scope = {
  order: {
    orderGuid: "8F1C2D3E-4A5B-4C6D-8E9F-0A1B2C3D4E5F",
    customer: { email: "jane.secret@example.com" },
    billingAddress: { firstName: "Jane", lastName: "Secret", email: "jane.secret@example.com", countryCode: "US" },
    items: [{ sku: "MUG-01", quantity: 2 }],
  },
  payment: { paymentIntentId: "pi_1", chargeId: "ch_1" },
};

const broken = {
  ...withRule(erpSalesOrderMappingV1, ["customer", "email"], { from: "order.customer.mail", transform: ["lower"] }),
  version: 2,
};

const failure: MappingFailure = {
  spec: broken,
  field: "customer.email",
  value: undefined,
  message: "mapping erp-sales-order: field customer.email: value undefined: required, but order.customer.mail is empty",
  scope,
  currency: "USD",
};

const fix = { field: "customer.email", rule: JSON.stringify({ from: "order.customer.email", transform: ["lower"] }) };

describe("the model's mapping suggestion", () => {
  it("asks with the mapping, the error and the payload's shape, never its values", async () => {
    const { model, asked } = scriptedModel(() =>
      ok({ changes: [fix], reason: "the path is misspelt", confidence: 0.7 }),
    );
    const { suggestions, notes } = await modelSuggestions(model, failure);
    expect(notes).toEqual([]);
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({
      kind: "model",
      confidence: 0.7,
      reason: "model scripted: the path is misspelt",
    });
    expect(locateRule(suggestions[0]!.spec, "customer.email")?.rule).toEqual({
      from: "order.customer.email",
      transform: ["lower"],
    });
    expect(suggestions[0]!.spec.version).toBe(3);

    const sent = asked[0]!.user;
    for (const value of ["jane.secret@example.com", "Secret", "MUG-01", "pi_1", "8F1C2D3E"])
      expect(sent).not.toContain(value);
    const question = JSON.parse(sent);
    expect(question.error.field).toBe("customer.email");
    expect(question.payloadShape).toContainEqual({ path: "order.customer.email", type: "string" });
    expect(question.payloadShape).toContainEqual({ path: "order.items.0.quantity", type: "number" });
    expect(question.mapping.name).toBe("erp-sales-order");
  });

  it("an object that failed goes as its shape, not its values", async () => {
    const { model, asked } = scriptedModel(() => err({ kind: "timeout", message: "no answer within 8 s" }));
    const address = scope.order.billingAddress;
    await modelSuggestions(model, {
      ...failure,
      field: "billingAddress",
      value: address,
      message: `mapping erp-sales-order: field billingAddress: value ${JSON.stringify(address)}: not an ISO 3166 country`,
    });
    expect(asked[0]!.user).not.toContain("Secret");
    expect(JSON.parse(asked[0]!.user).failingValue).toContainEqual({ path: "countryCode", type: "string" });
  });

  it("drops an answer that is not a valid mapping, or no answer at all, with a note", async () => {
    const cases: [Result<unknown, ModelFailure>, RegExp][] = [
      [ok({ changes: [{ ...fix, rule: "{not json" }], reason: "x", confidence: 0.5 }), /dropped, not a valid mapping/],
      [
        ok({
          changes: [{ ...fix, rule: JSON.stringify({ from: "order.customer.email", transform: ["shout"] }) }],
          reason: "x",
          confidence: 0.5,
        }),
        /dropped, not a valid mapping/,
      ],
      [
        ok({ changes: [{ ...fix, field: "nowhere.at.all" }], reason: "x", confidence: 0.5 }),
        /no rule makes nowhere\.at\.all/,
      ],
      [ok({ garbage: true }), /no suggestion \(the answer did not fit\)/],
      [err({ kind: "unreachable", message: "connection refused" }), /no suggestion \(connection refused\)/],
    ];
    for (const [answer, note] of cases) {
      const { model } = scriptedModel(() => answer);
      const result = await modelSuggestions(model, failure);
      expect(result.suggestions).toEqual([]);
      expect(result.notes).toEqual([expect.stringMatching(note)]);
    }
  });

  it("without a model: nothing asked, no note", async () => {
    expect(await modelSuggestions(null, failure)).toEqual({ suggestions: [], notes: [] });
  });
});
