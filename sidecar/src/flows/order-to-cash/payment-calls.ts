import type { PaymentCallResponse } from "@nop-stripe/contract/payment-call-schemas.js";
import type { OrderGuid, PaymentIntentId } from "../../domain/ids.js";
import { isPaymentIntentStatus } from "../../domain/payment-state.js";
import type { JobSpec } from "../../jobs/job-queue.js";
import { PermanentError } from "../../jobs/permanent-error.js";
import type { PaymentIntentSnapshot, PaymentIntentsPort } from "../../ports/stripe.js";
import type { AdvanceOrder } from "./advance-order.js";
import { advanceOrderJob } from "./jobs.js";
import { orderKey } from "./order-actions.js";
import type { OrderState, OrderToCashStore } from "./order-to-cash-store.js";
import { observationOf } from "./payment-observation.js";
import { retrieveIntent, stripeValue } from "./retrieve-intent.js";

/** The payment method the bridge plugin registers in nopCommerce; orders paid otherwise are not ours to touch. */
export const pluginPaymentMethod = "Payments.StripeSidecar";

type Call = <T>(system: string, what: string, fn: () => Promise<T>) => Promise<T>;

/** What the admin's Capture or Void does to an authorized PaymentIntent. */
interface AuthorizationAction {
  name: "capture" | "void";
  /** For the connector's failures ("could not <what>"). */
  what: string;
  /** The status the action leaves: found already, it is answered as done. */
  reached: "succeeded" | "canceled";
  perform(id: PaymentIntentId, key: string): ReturnType<PaymentIntentsPort["capture"]>;
  /** Void: a captured payment is refused by name (refund it). */
  refuseCaptured?: boolean;
  /** Who asked: the plugin (nopCommerce marks the order Paid itself) or a flow of the sidecar (order-to-cash does). */
  by?: string;
}

/**
 * The nopCommerce admin's Capture and Void, as the plugin calls them synchronously. Each runs under the order's
 * lock (so it never overlaps the order's reconciler), asks Stripe under the order's action key (the flow's own
 * capture and the admin's are one capture; a retried call, with any request id, is answered the same), records
 * the action, and lets the order advance: after a capture nopCommerce marks the order Paid itself and the flow
 * books and ships it; after a void nopCommerce sets Voided itself and the flow stops (plan-order.ts).
 */
export class AdminPaymentCalls {
  constructor(
    private readonly intents: PaymentIntentsPort,
    private readonly store: OrderToCashStore,
    private readonly advance: AdvanceOrder,
    private readonly enqueue: (jobs: JobSpec[]) => Promise<void>,
    private readonly call: Call,
  ) {}

  async capture(orderGuid: OrderGuid, requestId: string): Promise<PaymentCallResponse<"capture">> {
    const captured = await this.onAuthorization(orderGuid, requestId, {
      name: "capture",
      what: "capture the PaymentIntent",
      // By an earlier call under this key, or in Stripe.
      reached: "succeeded",
      perform: (id, key) => this.intents.capture(id, key),
    });
    return { captureTransactionId: chargeOf(captured), status: captured.status };
  }

  /**
   * A capture the sidecar decided (the risk flow's): the same capture under the order's key as the admin's, but
   * nopCommerce is not told by the plugin, so it is logged apart (`capture:<by>`) and the order goes Paid as an
   * automatic capture does (mark-paid).
   */
  async captureFor(by: string, orderGuid: OrderGuid): Promise<{ status: string }> {
    const captured = await this.onAuthorization(orderGuid, by, {
      name: "capture",
      what: "capture the PaymentIntent",
      reached: "succeeded",
      perform: (id, key) => this.intents.capture(id, key),
      by,
    });
    return { status: captured.status };
  }

  async void(orderGuid: OrderGuid, requestId: string): Promise<PaymentCallResponse<"void">> {
    await this.onAuthorization(orderGuid, requestId, {
      name: "void",
      what: "void the authorization",
      reached: "canceled",
      perform: (id, key) => this.intents.voidAuthorization(id, key),
      refuseCaptured: true,
    });
    return {};
  }

  /**
   * Under the order's lock: the order's authorized PaymentIntent acted on under the order's key (or taken as it is
   * when it already reached the wanted status), stored, the action recorded, the order left to advance.
   */
  private onAuthorization(orderGuid: OrderGuid, requestId: string, op: AuthorizationAction) {
    return this.advance.exclusive(orderGuid, async () => {
      const state = await this.ourOrder(orderGuid, op.name);
      const intent = await this.current(state);
      let after: PaymentIntentSnapshot;
      if (intent.status === "requires_capture") {
        const key = orderKey(orderGuid, op.name);
        after = stripeValue(
          await this.call("stripe", op.what, () => op.perform(intent.id, key)),
          `PaymentIntent ${intent.id}`,
        );
      } else if (intent.status === op.reached) after = intent;
      else if (intent.status === "succeeded" && op.refuseCaptured)
        throw refusal(
          state,
          op.name,
          `its PaymentIntent ${intent.id} is captured; only an authorized payment can be voided: refund it instead`,
          "payment_captured",
        );
      else throw refusal(state, op.name, `its PaymentIntent ${intent.id} is ${intent.status}, not authorized`);
      await this.settle(state, after, op.name, { requestId, chargeId: after.latestChargeId }, op.by);
      return after;
    });
  }

  /** The order, known here and paid with the plugin's payment method through a PaymentIntent of ours. */
  private async ourOrder(orderGuid: OrderGuid, operation: string): Promise<OrderState> {
    const state = await this.store.getOrderState(orderGuid);
    if (!state)
      throw new PermanentError(`${operation}: order ${orderGuid} is unknown to the sidecar`, {
        code: "order_unknown",
        system: "nop",
        field: "orderGuid",
        value: orderGuid,
        suggestion: "check that the order was paid with the Stripe (sidecar) payment method",
      });
    const method = state.order.nopOrder?.paymentMethodSystemName;
    if (method !== undefined && method !== pluginPaymentMethod)
      throw refusal(state, operation, `it was paid with ${method}, not ${pluginPaymentMethod}`, "other_payment_method");
    // The link, not the stored PaymentIntent: its first webhook may not have come yet.
    if (!state.order.paymentIntentId)
      throw refusal(state, operation, "it has no Stripe PaymentIntent", "no_payment_intent");
    return state;
  }

  private async current(state: OrderState): Promise<PaymentIntentSnapshot> {
    const id = state.order.paymentIntentId!;
    return this.call("stripe", "read the PaymentIntent", () => retrieveIntent(this.intents, id));
  }

  /** Stores what Stripe said and marks the action done, then lets the order advance (after the lock is left). */
  private async settle(
    state: OrderState,
    intent: PaymentIntentSnapshot,
    name: "capture" | "void",
    detail: Record<string, unknown>,
    by?: string,
  ): Promise<void> {
    const { orderGuid } = state.order;
    if (isPaymentIntentStatus(intent.status))
      await this.store.observePayment(observationOf({ ...intent, status: intent.status }, orderGuid, []));
    await this.store.record({
      key: by ? orderKey(orderGuid, name, by) : orderKey(orderGuid, name),
      aggregate: orderGuid,
      kind: "action",
      name,
      detail: { ...detail, paymentIntentId: intent.id, status: intent.status, by: by ?? "nop-admin" },
    });
    await this.enqueue([advanceOrderJob.with({ orderGuid }, { idParts: [orderGuid, name] })]);
  }
}

const chargeOf = (intent: PaymentIntentSnapshot): string => intent.latestChargeId ?? intent.id;

/** A refusal the plugin shows the admin (422): it names the order and why. */
function refusal(state: OrderState, operation: string, why: string, code = "payment_not_authorized") {
  const order = state.order.nopOrder?.customOrderNumber ?? state.order.orderGuid;
  return new PermanentError(`${operation}: order ${order}: ${why}`, {
    code,
    system: "stripe",
    field: "orderGuid",
    value: state.order.orderGuid,
    suggestion: operation === "void" ? "refund a captured payment" : "check the PaymentIntent in the Stripe dashboard",
  });
}
