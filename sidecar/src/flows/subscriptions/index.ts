export type { Drift, DriftReport } from "./drift-check.js";
export {
  registerSubscriptions,
  type Subscriptions,
  type SubscriptionsOptions,
  type SubscriptionsPorts,
} from "./flow.js";
export { type SubscriptionFilter, SubscriptionsReadModel, type SubscriptionView } from "./read-model.js";
export { subscriptionsFlow } from "./subscription-actions.js";
