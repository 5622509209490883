import { MappingError } from "../domain/mapping/mapping-error.js";
import { PermanentError } from "../jobs/permanent-error.js";
import { ConnectorError, ConnectorRejected } from "../ports/connector-errors.js";
import type { Notifier } from "../ports/notifier.js";

/**
 * Sorts connector failures into the two kinds the job runner knows: transient (rethrown: backoff, then dead
 * letter) after an alert that the system is unreachable, at most one per system per interval; and permanent
 * (a PermanentError naming what to fix: dead letter at once).
 */
export class ConnectorFailures {
  private readonly lastAlert = new Map<string, number>();

  constructor(
    private readonly notifier: Notifier,
    private readonly alertIntervalMs: number,
  ) {}

  /** Calls `fn`, a call to `system` described by `what` ("create the ERP sales order"), sorting its failure. */
  async call<T>(system: string, what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw await this.classify(system, what, err);
    }
  }

  private async classify(system: string, what: string, err: unknown): Promise<unknown> {
    if (err instanceof PermanentError) return err;
    if (err instanceof MappingError)
      return new PermanentError(err.message, {
        code: "mapping_failed",
        field: err.field,
        value: err.value,
        mapping: err.mapping,
        suggestion: `fix the source value or mapping ${err.mapping} for field ${err.field}`,
      });
    if (!(err instanceof ConnectorError)) return err;
    if (err.transient) {
      await this.alertUnreachable(system, what, err);
      return err;
    }
    const rejected = err instanceof ConnectorRejected ? err : undefined;
    return new PermanentError(`${what}: ${err.message}`, {
      code: rejected ? `rejected:${rejected.code}` : "connector_refused",
      system: err.system,
      ...(rejected?.field ? { field: rejected.field } : {}),
      suggestion:
        err.suggestion ?? (rejected?.field ? `correct ${rejected.field} and replay` : "correct the request and replay"),
    });
  }

  private async alertUnreachable(system: string, what: string, err: Error): Promise<void> {
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
