import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import { type SalesOrderDraft, salesOrderDraftSchema } from "../../connectors/erp/erp-types.js";
import { applyMapping } from "../../domain/mapping/apply-mapping.js";
import { salesOrderMismatch } from "../../domain/mapping/erp-sales-order-totals.js";
import { MappingError } from "../../domain/mapping/mapping-error.js";
import type { MappingSpec } from "../../domain/mapping/mapping-spec.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { PaymentRecord } from "./order-to-cash-store.js";

/** How a dead letter names the mapping version that failed: `erp-sales-order@2`. */
export const mappingLabel = (spec: MappingSpec) => `${spec.name}@${spec.version}`;

/** What the ERP sales order mapping reads: the nopCommerce order and the Stripe payment. */
export const salesOrderScope = (nop: NopOrder, payment: PaymentRecord) => ({
  order: nop,
  payment: { paymentIntentId: payment.paymentIntentId, chargeId: payment.latestChargeId },
});

/**
 * The ERP's sales order for a paid order, by the mapping version given; a value it cannot map is permanent, and
 * the error's problem names the mapping version, the field, the value and the order (for mapping-fix tools).
 */
export function mapSalesOrder(spec: MappingSpec, nop: NopOrder, payment: PaymentRecord): SalesOrderDraft {
  const mapping = mappingLabel(spec);
  const fail = (message: string, system: string, field: string, value: unknown, suggestion: string) =>
    new PermanentError(`mapping ${spec.name}: field ${field}: value ${JSON.stringify(value)}: ${message}`, {
      code: "mapping_failed",
      system,
      field,
      value,
      mapping,
      aggregate: nop.orderGuid.toLowerCase(),
      suggestion,
    });
  const currency = nop.primaryStoreCurrencyCode;
  if (currency.toLowerCase() !== payment.amount.currency)
    throw fail(
      `differs from the PaymentIntent's ${payment.amount.currency}`,
      "nop",
      "currency",
      currency,
      "charge orders in the primary store currency",
    );
  let mapped: Record<string, unknown>;
  try {
    mapped = applyMapping(spec, salesOrderScope(nop, payment), { currency });
  } catch (err) {
    if (!(err instanceof MappingError)) throw err;
    throw fail(
      err.reason,
      "nop",
      err.field,
      err.value,
      `fix ${err.field} in nopCommerce (or the mapping), then replay`,
    );
  }
  const draft = salesOrderDraftSchema.safeParse(mapped);
  if (!draft.success) {
    const issue = draft.error.issues[0]!;
    const field = issue.path.join(".");
    const value = issue.path.reduce<unknown>(
      (v, p) => (v as Record<string | number, unknown>)?.[p as string | number],
      mapped,
    );
    throw fail(issue.message, "sidecar", field, value, `fix ${field} in the mapping, then replay`);
  }
  const mismatch = salesOrderMismatch(draft.data);
  if (mismatch)
    throw fail(
      `${mismatch.actual} but ${mismatch.rule} gives ${mismatch.expected}`,
      "sidecar",
      mismatch.field,
      mismatch.actual,
      `check the unit of ${mismatch.field} in the mapping, then replay`,
    );
  return draft.data;
}
