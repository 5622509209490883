import { randomInt } from "node:crypto";
import { ApiError } from "@nop-stripe/simulator-support/api-error.js";
import { documentNumbers } from "@nop-stripe/simulator-support/sequence.js";
import type { SignedCallbackSender } from "@nop-stripe/simulator-support/signed-callback-sender.js";
import type { FulfillmentRequest, FulfillmentRequestInput } from "./fulfillment-request-schema.js";
import { type ShipmentEventType, shipmentNotification } from "./shipment-notification.js";

export interface FulfillmentCenterOptions {
  /** Ship this long after acceptance; null: only when told to (control endpoint or ship()). */
  shipAfterMs: number | null;
  /** Deliver this long after shipping; null: only when told to. */
  deliverAfterMs: number | null;
  carrier: string;
}

/** The warehouse's work: accepted requests move to shipped, then delivered, each step announced to the callback. */
export class FulfillmentCenter {
  private readonly requests = new Map<string, FulfillmentRequest>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private nextId = documentNumbers("FR");

  constructor(
    private readonly options: FulfillmentCenterOptions,
    private readonly callbacks: SignedCallbackSender,
  ) {}

  accept(input: FulfillmentRequestInput): FulfillmentRequest {
    const request: FulfillmentRequest = {
      ...input,
      id: this.nextId(),
      status: "accepted",
      createdAt: new Date().toISOString(),
    };
    this.requests.set(request.id, request);
    this.schedule(request.id, this.options.shipAfterMs, () => this.ship(request.id));
    return request;
  }

  get(id: string): FulfillmentRequest | undefined {
    return this.requests.get(id);
  }

  list(): FulfillmentRequest[] {
    return [...this.requests.values()];
  }

  /**
   * Holds an accepted request (it is not shipped until released); holding it again is a no-op. A request that
   * has left the warehouse cannot be held: 409 already_shipped, so the caller learns it shipped.
   */
  hold(id: string, reason: string): FulfillmentRequest {
    const request = this.require(id);
    this.refuseUnlessOpen(request, "hold");
    if (request.status === "on_hold") return request;
    this.cancelTimer(id);
    request.status = "on_hold";
    request.hold = { reason, since: new Date().toISOString() };
    return request;
  }

  /** Lets a held request ship again (on the usual schedule); releasing one that is not held is a no-op. */
  release(id: string): FulfillmentRequest {
    const request = this.require(id);
    this.refuseUnlessOpen(request, "release");
    if (request.status !== "on_hold") return request;
    request.status = "accepted";
    delete request.hold;
    this.schedule(id, this.options.shipAfterMs, () => this.ship(id));
    return request;
  }

  /** Cancels a request that has not shipped (held or not); final. Cancelling twice is a no-op. */
  cancel(id: string, reason: string): FulfillmentRequest {
    const request = this.require(id);
    if (request.status === "cancelled") return request;
    this.refuseUnlessOpen(request, "cancel");
    this.cancelTimer(id);
    request.status = "cancelled";
    request.hold = { reason, since: request.hold?.since ?? new Date().toISOString() };
    return request;
  }

  /** Ships now; shipping twice is a no-op; a held or cancelled request is refused. */
  ship(id: string): FulfillmentRequest {
    const request = this.require(id);
    if (request.status === "on_hold" || request.status === "cancelled")
      throw new ApiError(409, request.status, `fulfillment request ${id} is ${request.status.replace("_", " ")}`);
    if (request.status !== "accepted") return request;
    this.cancelTimer(id);
    request.status = "shipped";
    request.shipment = {
      carrier: this.options.carrier,
      trackingNumber: `SBX${String(randomInt(1e9)).padStart(9, "0")}${String(randomInt(1e3)).padStart(3, "0")}`,
      shippedAt: new Date().toISOString(),
    };
    this.announce("shipment.shipped", request);
    this.schedule(id, this.options.deliverAfterMs, () => this.deliver(id));
    return request;
  }

  /** Delivers now, shipping first if needed; delivering twice is a no-op. */
  deliver(id: string): FulfillmentRequest {
    const request = this.ship(id);
    if (request.status !== "shipped" || !request.shipment) return request;
    this.cancelTimer(id);
    request.status = "delivered";
    request.shipment.deliveredAt = new Date().toISOString();
    this.announce("shipment.delivered", request);
    return request;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  reset(): void {
    this.dispose();
    this.requests.clear();
    this.nextId = documentNumbers("FR");
  }

  private announce(type: ShipmentEventType, request: FulfillmentRequest): void {
    const notification = shipmentNotification(type, request);
    this.callbacks.send(request.callbackUrl, notification.id, type, notification);
  }

  private refuseUnlessOpen(request: FulfillmentRequest, what: string): void {
    if (request.status === "shipped" || request.status === "delivered")
      throw new ApiError(409, "already_shipped", `fulfillment request ${request.id} has shipped; cannot ${what} it`);
    if (request.status === "cancelled")
      throw new ApiError(409, "cancelled", `fulfillment request ${request.id} is cancelled; cannot ${what} it`);
  }

  private require(id: string): FulfillmentRequest {
    const request = this.requests.get(id);
    if (!request) throw new ApiError(404, "not_found", `no fulfillment request ${id}`);
    return request;
  }

  private schedule(id: string, delayMs: number | null, step: () => void): void {
    if (delayMs === null) return;
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        step();
      }, delayMs),
    );
  }

  private cancelTimer(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }
}
