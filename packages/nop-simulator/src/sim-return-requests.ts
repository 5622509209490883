import type { NopReturnRequest } from "@nop-stripe/contract/nop-entities.js";
import type { ReturnRequestStatusId } from "@nop-stripe/contract/nop-enums.js";
import { ReturnRequestStatus } from "@nop-stripe/contract/nop-enums.js";
import type { NopReturnRequestId } from "@nop-stripe/contract/nop-ids.js";
import { invalid, notFound, type OpResult, ok } from "./op-result.js";
import type { SimState } from "./sim-state.js";

export interface CreateReturnRequestInput {
  orderItemId: number;
  quantity?: number;
  reasonForReturn?: string;
  requestedAction?: string;
  customerComments?: string | null;
}

/**
 * Return requests. nopCommerce has no dedicated events: the plugin forwards the entity insert as created and an
 * update that changes the status as status_changed. A status never moves money (ItemsRefunded is a label).
 */
export class SimReturnRequests {
  constructor(private readonly state: SimState) {}

  create(input: CreateReturnRequestInput): OpResult<NopReturnRequest> {
    const found = this.state.findOrderItem(input.orderItemId);
    if (!found) return notFound("order item", input.orderItemId);
    const item = found.order.detail.items[found.itemIndex]!;
    const quantity = input.quantity ?? item.quantity;
    if (quantity < 1 || quantity > item.quantity)
      return invalid(`quantity must be between 1 and ${item.quantity} for order item ${item.id}`);
    const now = this.state.isoNow();
    const id = this.state.nextId("ReturnRequest") as NopReturnRequestId;
    const rr: NopReturnRequest = {
      id,
      customNumber: String(id),
      storeId: found.order.detail.storeId,
      orderId: found.order.detail.id,
      orderGuid: found.order.detail.orderGuid,
      orderItemId: item.id,
      productId: item.productId,
      customerId: found.order.detail.customerId,
      quantity,
      returnedQuantity: 0,
      reasonForReturn: input.reasonForReturn ?? "Received wrong product",
      requestedAction: input.requestedAction ?? "Refund",
      customerComments: input.customerComments ?? null,
      staffNotes: null,
      returnRequestStatusId: ReturnRequestStatus.Pending,
      createdOnUtc: now,
      updatedOnUtc: now,
    };
    this.state.returnRequests.set(rr.id, rr);
    this.state.events.emit("return_request.created", { returnRequest: structuredClone(rr) });
    return ok(structuredClone(rr));
  }

  get(returnRequestId: number): OpResult<NopReturnRequest> {
    const rr = this.state.returnRequests.get(returnRequestId);
    return rr ? ok(structuredClone(rr)) : notFound("return request", returnRequestId);
  }

  setStatus(
    returnRequestId: number,
    status: ReturnRequestStatusId,
    staffNotes: string | null,
  ): OpResult<NopReturnRequest> {
    const rr = this.state.returnRequests.get(returnRequestId);
    if (!rr) return notFound("return request", returnRequestId);
    const previous = rr.returnRequestStatusId;
    rr.returnRequestStatusId = status;
    if (staffNotes !== null) rr.staffNotes = staffNotes;
    rr.updatedOnUtc = this.state.isoNow();
    if (previous !== status)
      this.state.events.emit("return_request.status_changed", {
        returnRequest: structuredClone(rr),
        previousReturnRequestStatusId: previous,
      });
    return ok(structuredClone(rr));
  }
}
