import type Stripe from "stripe";
import type { EmulatorContext } from "./context.js";
import { invalidRequest } from "./errors.js";
import { changedAttributes, emitEvent } from "./events.js";
import { newId } from "./ids.js";
import { matchesRange, paginate } from "./list-pagination.js";
import { pathId, type Router } from "./router.js";

/** Why Stripe closes a review on its own, besides an approval. */
export type ReviewCloseReason = "approved" | "refunded" | "refunded_as_fraud" | "disputed" | "canceled";

function findReview(ctx: EmulatorContext, id: string): Stripe.Review {
  return ctx.store.findOrMissing<Stripe.Review>(id, "review");
}

/**
 * Radar's default review rule put the charge in the review queue (`outcome.type: manual_review`): a `review`
 * opens on it (`charge.review`, and the PaymentIntent's `review`), announced by `review.opened`.
 */
export function openReview(ctx: EmulatorContext, charge: Stripe.Charge): Stripe.Review {
  const address = charge.billing_details.address;
  const review: Stripe.Review = {
    id: newId("prv"),
    object: "review",
    billing_zip: address?.postal_code ?? null,
    charge: charge.id,
    closed_reason: null,
    created: ctx.now(),
    ip_address: null,
    ip_address_location: null,
    livemode: false,
    open: true,
    opened_reason: "rule",
    payment_intent: typeof charge.payment_intent === "string" ? charge.payment_intent : undefined,
    reason: "rule",
    session: null,
  };
  ctx.store.insert(review);
  charge.review = review.id;
  emitEvent(ctx, "review.opened", review);
  return review;
}

/** Closes the charge's open review, if it has one, for `reason` (`review.closed`). */
export function closeReviewOfCharge(ctx: EmulatorContext, charge: Stripe.Charge, reason: ReviewCloseReason): void {
  const review = typeof charge.review === "string" ? ctx.store.find<Stripe.Review>(charge.review, "review") : undefined;
  if (review?.open) closeReview(ctx, review, reason);
}

function closeReview(ctx: EmulatorContext, review: Stripe.Review, reason: ReviewCloseReason): Stripe.Review {
  const before = structuredClone(review);
  review.open = false;
  review.closed_reason = reason;
  review.reason = reason;
  emitEvent(ctx, "review.closed", review, changedAttributes(before, review));
  return review;
}

function approve(ctx: EmulatorContext, review: Stripe.Review): Stripe.Review {
  if (!review.open) {
    throw invalidRequest(
      `This review is already closed (${review.closed_reason}); only an open review can be approved.`,
    );
  }
  return closeReview(ctx, review, "approved");
}

export function registerReviewRoutes(router: Router): void {
  router.get("/v1/reviews", (ctx, req) => {
    // Stripe lists the reviews that need action: the open ones.
    const open = ctx.store
      .all<Stripe.Review>("review")
      .filter((r) => r.open && matchesRange(r.created, req.params, "created"));
    return paginate(ctx.store, open, req.params, "/v1/reviews");
  });
  router.get("/v1/reviews/:id", (ctx, req) => findReview(ctx, pathId(req)));
  router.post("/v1/reviews/:id/approve", (ctx, req) => approve(ctx, findReview(ctx, pathId(req))));
}
