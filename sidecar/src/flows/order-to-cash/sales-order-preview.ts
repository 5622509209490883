import type { NopOrder } from "@nop-stripe/contract/nop-entities.js";
import type { SalesOrderDraft } from "../../connectors/erp/erp-types.js";
import { orderGuidSchema } from "../../domain/ids.js";
import type { MappingSpec } from "../../domain/mapping/mapping-spec.js";
import { PermanentError, type Problem } from "../../jobs/permanent-error.js";
import { mapSalesOrder, salesOrderScope } from "./erp-sales-order-draft.js";
import type { OrderToCashStore, PaymentRecord } from "./order-to-cash-store.js";
import { effectivePaymentStatus } from "./plan-order.js";

/** What a mapping reads for one order, as the job would read it: its source scope and the document's currency. */
export interface MappingSource {
  scope: Record<string, unknown>;
  currency: string;
}

/** The document a mapping makes from an order, or the problem it stops at. */
export type SalesOrderPreview =
  | { ok: true; document: SalesOrderDraft }
  | { ok: false; message: string; problem: Problem };

/** The ERP sales order mapping applied to an order without sending anything (a mapping fix's preview). */
export interface SalesOrderMappings {
  /** Undefined when the order, its nopCommerce snapshot or its payment is not known here. */
  sourceOf(orderGuid: string): Promise<MappingSource | undefined>;
  preview(orderGuid: string, spec: MappingSpec): Promise<SalesOrderPreview | undefined>;
}

/** Reads the stored order snapshot and payment (no call to nopCommerce), as the ERP sales order action does. */
export class StoredSalesOrderMappings implements SalesOrderMappings {
  constructor(private readonly store: Pick<OrderToCashStore, "getOrderState">) {}

  async sourceOf(orderGuid: string): Promise<MappingSource | undefined> {
    const found = await this.load(orderGuid);
    return found && { scope: salesOrderScope(found.nop, found.payment), currency: found.nop.primaryStoreCurrencyCode };
  }

  async preview(orderGuid: string, spec: MappingSpec): Promise<SalesOrderPreview | undefined> {
    const found = await this.load(orderGuid);
    if (!found) return undefined;
    try {
      return { ok: true, document: mapSalesOrder(spec, found.nop, found.payment) };
    } catch (err) {
      if (err instanceof PermanentError) return { ok: false, message: err.message, problem: err.problem };
      throw err;
    }
  }

  private async load(guid: string): Promise<{ nop: NopOrder; payment: PaymentRecord } | undefined> {
    const parsed = orderGuidSchema.safeParse(guid);
    const state = parsed.success ? await this.store.getOrderState(parsed.data) : undefined;
    const nop = state?.order.nopOrder;
    if (!state || !nop || !state.payment) return undefined;
    // As the executor maps it: with the payment status the flow has reached.
    return { nop: { ...nop, paymentStatusId: effectivePaymentStatus(nop, state) }, payment: state.payment };
  }
}
