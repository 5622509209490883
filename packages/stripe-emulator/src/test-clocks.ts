import type Stripe from "stripe";
import type { EmulatorContext } from "./context.js";
import { invalidRequest } from "./errors.js";
import { emitEvent } from "./events.js";
import { newId } from "./ids.js";
import { paginate } from "./list-pagination.js";
import { optString, rejectUnknown, reqInt } from "./params.js";
import { pathId, type Router } from "./router.js";
import { runBillingUntil } from "./subscriptions.js";

const DAY = 24 * 60 * 60;

function findClock(ctx: EmulatorContext, id: string): Stripe.TestHelpers.TestClock {
  return ctx.store.findOrMissing<Stripe.TestHelpers.TestClock>(id, "test_helpers.test_clock", "id", "test_clock");
}

/**
 * Advances a test clock: billing due before the new time runs in order, at the time it falls due.
 * The answer shows the clock `advancing` (as Stripe does); it is `ready` when retrieved afterwards.
 */
function advance(
  ctx: EmulatorContext,
  clock: Stripe.TestHelpers.TestClock,
  target: number,
): Stripe.TestHelpers.TestClock {
  if (target <= clock.frozen_time) {
    throw invalidRequest("The frozen_time must be after the test clock's current frozen_time.", {
      param: "frozen_time",
    });
  }
  clock.status = "advancing";
  clock.status_details = { advancing: { target_frozen_time: target } };
  emitEvent(ctx, "test_helpers.test_clock.advancing", clock);
  const answer = structuredClone(clock);
  ctx.withoutRequest(() => runBillingUntil(ctx, clock.id, target));
  clock.frozen_time = target;
  clock.status = "ready";
  clock.status_details = {};
  ctx.atTime(target, () => emitEvent(ctx, "test_helpers.test_clock.ready", clock));
  return answer;
}

export function registerTestClockRoutes(router: Router): void {
  router.post("/v1/test_helpers/test_clocks", (ctx, req) => {
    rejectUnknown(req.params, ["frozen_time", "name"]);
    const clock: Stripe.TestHelpers.TestClock = {
      id: newId("clock"),
      object: "test_helpers.test_clock",
      created: ctx.now(),
      deletes_after: ctx.now() + 30 * DAY,
      frozen_time: reqInt(req.params, "frozen_time"),
      livemode: false,
      name: optString(req.params, "name") ?? null,
      status: "ready",
      status_details: {},
    };
    ctx.store.insert(clock);
    emitEvent(ctx, "test_helpers.test_clock.created", clock);
    return clock;
  });
  router.get("/v1/test_helpers/test_clocks", (ctx, req) =>
    paginate(
      ctx.store,
      ctx.store.all<Stripe.TestHelpers.TestClock>("test_helpers.test_clock"),
      req.params,
      "/v1/test_helpers/test_clocks",
    ),
  );
  router.get("/v1/test_helpers/test_clocks/:id", (ctx, req) => findClock(ctx, pathId(req)));
  router.post("/v1/test_helpers/test_clocks/:id/advance", (ctx, req) => {
    rejectUnknown(req.params, ["frozen_time"]);
    return advance(ctx, findClock(ctx, pathId(req)), reqInt(req.params, "frozen_time"));
  });
  router.delete("/v1/test_helpers/test_clocks/:id", (ctx, req) => {
    const clock = findClock(ctx, pathId(req));
    const deleted: Stripe.TestHelpers.DeletedTestClock = {
      id: clock.id,
      object: "test_helpers.test_clock",
      deleted: true,
    };
    ctx.store.insert(deleted);
    emitEvent(ctx, "test_helpers.test_clock.deleted", clock);
    return deleted;
  });
}
