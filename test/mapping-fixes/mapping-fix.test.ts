import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { erpSalesOrderMappingV1 } from "../../sidecar/src/domain/mapping/erp-sales-order-mapping.js";
import type { DeadLetter } from "../../sidecar/src/generated/prisma/client.js";
import { SqlMappingVersions } from "../../sidecar/src/mapping-versions/sql-mapping-versions.js";
import {
  erpOrdersFor,
  type O2cHarness,
  placeAndPay,
  startO2c,
  waitUntilFulfilmentRequested,
} from "../order-to-cash/o2c-harness.js";
import { graphqlAs } from "../support/api-tokens.js";
import { backends } from "../support/backends.js";
import { waitFor } from "../support/wait-for.js";

interface Suggestion {
  id: string;
  kind: string;
  confidence: number;
  reason: string;
  spec: { version: number; fields: { customer: { object: { email: unknown } } } };
  fixes: boolean;
  document: { externalRef: string; customer: { email: string }; totals: { total: number } } | null;
  error: string | null;
}

const suggestionsQuery = `query($id: ID!) { mappingSuggestions(deadLetterId: $id) {
  deadLetterId mapping failure { field value message } notes
  suggestions { id kind confidence reason spec fixes document error } } }`;
const previewQuery = `query($id: ID!, $suggestionId: String, $spec: JSON) {
  previewMappingFix(deadLetterId: $id, suggestionId: $suggestionId, spec: $spec) { spec fixes document error } }`;
const applyMutation = `mutation($id: ID!, $suggestionId: String, $spec: JSON, $reason: String!) {
  applyMappingFix(deadLetterId: $id, suggestionId: $suggestionId, spec: $spec, reason: $reason) {
    id replayed skipped version { name version createdBy reason changes deadLetterId }
    letters { id action reason } } }`;
const versionsQuery = `query { mappingVersions(name: "erp-sales-order") { version createdBy reason changes } }`;

/** Version 2 as an admin might have stored it: the e-mail read from a misspelt path, no fallback. */
const brokenVersion = {
  ...erpSalesOrderMappingV1,
  version: 2,
  fields: {
    ...erpSalesOrderMappingV1.fields,
    customer: {
      object: {
        ...(erpSalesOrderMappingV1.fields.customer as { object: Record<string, never> }).object,
        email: { from: "order.billingAddress.emial", transform: ["lower" as const] },
      },
    },
  },
};

describe.each(backends)("mapping-fix suggestions on $name", (backend) => {
  let t: O2cHarness;
  beforeAll(async () => {
    t = await startO2c(backend);
  });
  afterAll(() => t?.close());

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const { body } = await graphqlAs<T>(t.url, t.adminToken, query, variables);
    return body;
  };
  const lettersOf = async (orderGuid: string): Promise<DeadLetter[]> =>
    t.sidecar.db.prisma.deadLetter.findMany({
      where: { problem: { path: ["aggregate"], equals: orderGuid.toLowerCase() } },
      orderBy: { deadAt: "asc" },
    });

  it("a mapping dead letter fixed through a suggestion and replayed reaches the ERP once", async () => {
    await new SqlMappingVersions(t.sidecar.db.sql).add({
      spec: brokenVersion,
      createdBy: "test",
      reason: "the e-mail comes from the billing address",
      changes: [],
      deadLetterId: null,
    });
    const first = await placeAndPay(t);
    const second = await placeAndPay(t);
    const withoutEmail = await placeAndPay(t, "pm_card_visa", { email: "" });
    const orders = [first, second, withoutEmail].map((o) => o.order);
    // Every event about the three orders handled (each that ran the ERP action dead-lettered), the queue quiet.
    const settled = () =>
      t.sidecar.db.prisma.inboxEvent.count({ where: { status: { in: ["received", "processing", "retrying"] } } });
    await waitFor(async () => {
      const letters = await Promise.all(orders.map((o) => lettersOf(o.orderGuid)));
      return letters.every((l) => l.length > 0) && (await settled()) === 0;
    });
    await t.sandbox.nop.outbox.idle();
    await waitFor(async () => (await settled()) === 0);
    const dead = await Promise.all(orders.map((o) => lettersOf(o.orderGuid)));
    for (const order of orders) expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(0);
    const letter = dead[0]![0]!;
    expect(letter.problem).toMatchObject({
      code: "mapping_failed",
      field: "customer.email",
      mapping: "erp-sales-order@2",
    });

    // Suggestions: the nearest field name, previewed on the stored order.
    const suggested = await gql<{
      mappingSuggestions: { mapping: string; failure: { field: string }; suggestions: Suggestion[] };
    }>(suggestionsQuery, { id: letter.id });
    expect(suggested.errors).toBeUndefined();
    const { mappingSuggestions } = suggested.data!;
    expect(mappingSuggestions.mapping).toBe("erp-sales-order@2");
    expect(mappingSuggestions.failure.field).toBe("customer.email");
    const [best] = mappingSuggestions.suggestions;
    expect(best).toMatchObject({ kind: "nearest-field", fixes: true, error: null });
    expect(best!.spec.version).toBe(3);
    expect(best!.spec.fields.customer.object.email).toEqual({
      from: "order.billingAddress.email",
      transform: ["lower"],
    });
    expect(best!.document?.customer.email).toBe(first.order.billingAddress.email?.toLowerCase());

    // Preview by id: the ERP document the job would send.
    const preview = await gql<{ previewMappingFix: { fixes: boolean; document: Suggestion["document"] } }>(
      previewQuery,
      {
        id: letter.id,
        suggestionId: best!.id,
      },
    );
    expect(preview.data?.previewMappingFix.fixes).toBe(true);
    expect(preview.data?.previewMappingFix.document?.externalRef).toBe(first.order.orderGuid.toLowerCase());
    expect(preview.data?.previewMappingFix.document?.totals.total).toBe(first.intent.amount);
    expect(erpOrdersFor(t, first.order.orderGuid)).toHaveLength(0); // a preview sends nothing

    // Apply: version 3, and every open letter it fixes replayed in the same step; the one it does not fix stays.
    const applied = await gql<{
      applyMappingFix: {
        id: string;
        replayed: number;
        skipped: number;
        version: { version: number; createdBy: string; reason: string; changes: unknown; deadLetterId: string };
        letters: { id: string; action: string; reason: string | null }[];
      };
    }>(applyMutation, { id: letter.id, suggestionId: best!.id, reason: "billingAddress.emial was a typo" });
    expect(applied.errors).toBeUndefined();
    const result = applied.data!.applyMappingFix;
    expect(result.id).toBe("erp-sales-order@3");
    expect(result.version).toMatchObject({
      version: 3,
      reason: "billingAddress.emial was a typo",
      deadLetterId: letter.id,
      changes: [
        {
          path: "fields.customer.object.email.from",
          before: "order.billingAddress.emial",
          after: "order.billingAddress.email",
        },
      ],
    });
    expect(result.version.createdBy).toMatch(/token:/);
    // Replayed: every letter of the two orders it fixes; skipped, with the reason: the third order's.
    const ids = async (o: (typeof orders)[number]) => (await lettersOf(o.orderGuid)).map((l) => l.id);
    const replayed = result.letters.filter((l) => l.action === "replay").map((l) => l.id);
    const skipped = result.letters.filter((l) => l.action === "skip");
    expect(replayed).toEqual(expect.arrayContaining([...dead[0]!, ...dead[1]!].map((l) => l.id)));
    expect([...(await ids(first.order)), ...(await ids(second.order))]).toEqual(expect.arrayContaining(replayed));
    expect(skipped.length).toBeGreaterThan(0);
    expect(await ids(withoutEmail.order)).toEqual(expect.arrayContaining(skipped.map((l) => l.id)));
    for (const l of skipped) expect(l.reason).toMatch(/still fails: .*customer\.email/);
    expect(result.replayed).toBe(replayed.length);

    // Each fixed order reaches the ERP once, and goes on to the WMS; the other waits for its e-mail.
    for (const { order } of [first, second]) {
      await waitUntilFulfilmentRequested(t, order);
      expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(1);
    }
    const [booked] = erpOrdersFor(t, first.order.orderGuid);
    expect(booked?.customer.email).toBe(best!.document?.customer.email);
    expect(erpOrdersFor(t, withoutEmail.order.orderGuid)).toHaveLength(0);
    expect(new Set((await lettersOf(withoutEmail.order.orderGuid)).map((l) => l.status))).toEqual(new Set(["open"]));
    const timeline = await t.sidecar.db.prisma.actionLogEntry.findMany({
      where: { aggregate: first.order.orderGuid.toLowerCase(), name: "erp-sales-order" },
    });
    expect(timeline.map((e) => (e.detail as { mapping: string }).mapping)).toEqual(["erp-sales-order@3"]);

    // Versions, newest first; the apply is in the audit trail.
    const versions = await gql<{ mappingVersions: { version: number; createdBy: string }[] }>(versionsQuery);
    expect(versions.data?.mappingVersions.map((v) => [v.version, v.createdBy === "built-in"])).toEqual([
      [3, false],
      [2, false],
      [1, true],
    ]);
    const audit = await t.sidecar.db.prisma.auditEntry.findMany({ where: { action: "graphql:applyMappingFix" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: "ok", target: "erp-sales-order@3" });

    // The same suggestion again: the mapping has moved on, nothing is stored twice.
    const again = await gql(applyMutation, { id: letter.id, suggestionId: best!.id, reason: "again" });
    expect(again.errors?.[0]?.message).toMatch(/no such suggestion|maps this order/);
  });

  it("refuses a change that is not a valid mapping, or does not fix the letter, and a letter that is no mapping failure", async () => {
    const [letter] = await t.sidecar.db.prisma.deadLetter.findMany({
      where: { status: "open", problem: { path: ["code"], equals: "mapping_failed" } },
    });
    expect(letter).toBeDefined();
    const invalid = await gql(previewQuery, {
      id: letter!.id,
      spec: { name: "erp-sales-order", version: 4, fields: { x: { from: "1bad" } } },
    });
    expect(invalid.errors?.[0]?.message).toMatch(/^spec: invalid mapping at fields\.x/);
    const active = (await new SqlMappingVersions(t.sidecar.db.sql).active("erp-sales-order")) as typeof brokenVersion;
    const unfixed = await gql(applyMutation, { id: letter!.id, spec: { ...active, version: 4 }, reason: "no change" });
    expect(unfixed.errors?.[0]?.message).toMatch(/does not fix this dead letter/);
    const both = await gql(previewQuery, { id: letter!.id });
    expect(both.errors?.[0]?.message).toMatch(/suggestionId or spec: give exactly one/);
    const missing = await gql(suggestionsQuery, { id: "00000000-0000-4000-8000-000000000000" });
    expect(missing.errors?.[0]?.message).toBe("no such dead letter");
    // A mapping that does not exist is the caller's mistake, named, not a server error (found by the fuzzer).
    const unknown = await gql(`query { mappingVersions(name: "erp-sales-ordr") { version } }`);
    expect(unknown.errors?.[0]).toMatchObject({
      message: 'no mapping named "erp-sales-ordr": known are erp-sales-order',
      extensions: { code: "BAD_USER_INPUT" },
    });
    expect(await t.sidecar.db.prisma.mappingVersion.count({ where: { version: 4 } })).toBe(0);
  });
  it("a value of the wrong type: the coercion suggested, applied as a whole spec, replayed once", async () => {
    const versions = new SqlMappingVersions(t.sidecar.db.sql);
    const active = await versions.active("erp-sales-order");
    const lines = active.fields.lines as { each: string; as: string; fields: Record<string, unknown> };
    const withoutMoney = {
      ...active,
      version: active.version + 1,
      fields: {
        ...active.fields,
        lines: { ...lines, fields: { ...lines.fields, unitPrice: { from: "item.unitPriceExclTax" } } },
      },
    };
    await versions.add({
      spec: withoutMoney as typeof active,
      createdBy: "test",
      reason: "r",
      changes: [],
      deadLetterId: null,
    });
    const { order } = await placeAndPay(t);
    const [letter] = await waitFor(async () => {
      const letters = await lettersOf(order.orderGuid);
      return letters.length > 0 ? letters : undefined;
    });
    expect(letter!.problem).toMatchObject({ field: "lines.0.unitPrice", system: "sidecar", value: expect.any(String) });

    const suggested = await gql<{ mappingSuggestions: { suggestions: Suggestion[] } }>(suggestionsQuery, {
      id: letter!.id,
    });
    const coercion = suggested.data!.mappingSuggestions.suggestions.find((s) => s.kind === "type-coercion");
    expect(coercion).toMatchObject({ fixes: true, reason: expect.stringMatching(/"money" transform/) });
    const applied = await gql<{ applyMappingFix: { id: string; replayed: number } }>(applyMutation, {
      id: letter!.id,
      spec: coercion!.spec,
      reason: "unit prices are decimals",
    });
    expect(applied.errors).toBeUndefined();
    expect(applied.data?.applyMappingFix).toMatchObject({ id: `erp-sales-order@${withoutMoney.version + 1}` });
    expect(applied.data!.applyMappingFix.replayed).toBeGreaterThan(0);
    await waitUntilFulfilmentRequested(t, order);
    expect(erpOrdersFor(t, order.orderGuid)).toHaveLength(1);
    expect(erpOrdersFor(t, order.orderGuid)[0]?.lines[0]?.unitPrice).toBe(120_000);
  });
});
