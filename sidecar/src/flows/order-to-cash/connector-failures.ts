import Stripe from "stripe";
import { ConnectorRejected, ConnectorUnavailable } from "../../connectors/erp/connector-errors.js";
import { NopRequestError } from "../../connectors/nop/nop-errors.js";
import type { Notifier } from "../../connectors/notifier/notifier.js";
import { MappingError } from "../../domain/mapping/mapping-error.js";
import { PermanentError } from "../../jobs/permanent-error.js";

export type SystemName = "stripe" | "nop" | "erp" | "wms";

/**
 * Sorts connector failures into the two kinds the job runner knows: transient (rethrown: backoff, then dead
 * letter) after an alert, and permanent (PermanentError naming what to fix: dead letter at once).
 */
export class ConnectorFailures {
  private readonly lastAlert = new Map<SystemName, number>();

  constructor(
    private readonly notifier: Notifier,
    private readonly alertIntervalMs: number,
  ) {}

  async call<T>(system: SystemName, what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw await this.classify(system, what, err);
    }
  }

  private async classify(system: SystemName, what: string, err: unknown): Promise<unknown> {
    if (err instanceof PermanentError) return err;
    if (err instanceof MappingError)
      return new PermanentError(err.message, `fix the source value or mapping ${err.mapping} for field ${err.field}`);
    if (err instanceof ConnectorRejected)
      return new PermanentError(
        `${what}: ${err.message}`,
        err.field ? `correct ${err.field} and replay` : "correct the request and replay",
      );
    if (err instanceof NopRequestError && !err.retryable)
      return new PermanentError(`${what}: ${err.message}`, "check the bridge plugin's contract version and secrets");
    if (err instanceof Stripe.errors.StripeInvalidRequestError || err instanceof Stripe.errors.StripeIdempotencyError)
      return new PermanentError(`${what}: ${err.message}`, "check the PaymentIntent in the Stripe dashboard");
    if (
      err instanceof ConnectorUnavailable ||
      err instanceof NopRequestError ||
      err instanceof Stripe.errors.StripeConnectionError ||
      err instanceof Stripe.errors.StripeAPIError ||
      err instanceof Stripe.errors.StripeRateLimitError
    )
      await this.alertUnreachable(system, what, err);
    return err;
  }

  private async alertUnreachable(system: SystemName, what: string, err: Error): Promise<void> {
    const now = Date.now();
    if (now - (this.lastAlert.get(system) ?? 0) < this.alertIntervalMs) return;
    this.lastAlert.set(system, now);
    await this.notifier
      .alert({
        severity: "warning",
        code: `${system}.unreachable`,
        message: `${system} unreachable during ${what}; retrying with backoff`,
        context: { error: err.message },
      })
      .catch(() => {});
  }
}
