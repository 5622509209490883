import { z } from "zod";
import { orderGuidSchema } from "../../domain/ids.js";
import { defineJob } from "../../flow-kit/typed-job.js";

const aboutOneOrder = z.object({ orderGuid: orderGuidSchema });

/** Runs the order's reconciler (after attach-order, or by hand once a dead letter is fixed). */
export const advanceOrderJob = defineJob("order-to-cash.advance", aboutOneOrder);

/** After a decline: cancels the order (and its PaymentIntent) if it is still unpaid. One per order. */
export const cancelUnpaidJob = defineJob("order-to-cash.cancel-unpaid", aboutOneOrder);

/**
 * Set off when Stripe holds money for an order nopCommerce has not described (its order.placed may still be on
 * its way, so only after a grace time). One per order.
 */
export const unknownOrderJob = defineJob("order-to-cash.unknown-order", aboutOneOrder);
