import { MappingError } from "../domain/mapping/mapping-error.js";
import { PermanentError } from "../jobs/permanent-error.js";
import { SystemDown } from "../jobs/system-down.js";
import { ConnectorError, ConnectorRejected } from "../ports/connector-errors.js";

/** Whether a system is up, as the circuit breakers see it (resilience/system-health.ts). */
export interface SystemHealthPort {
  /** Throws SystemDown when calls to the system are held back. */
  admit(system: string): void;
  succeeded(system: string): Promise<void>;
  /** True when the system is now taken as down. */
  failed(system: string, err: Error): Promise<boolean>;
}

/**
 * Sorts connector failures into the kinds the job runner knows, and keeps the circuit breakers told: a call to a
 * system taken as down is not made (SystemDown: the job parks until the system answers, without spending its
 * attempts); a transient failure is rethrown (backoff under the system's retry policy), or becomes SystemDown
 * when it is the one that shows the system down; a refused request becomes a PermanentError naming what to fix
 * (dead letter at once). Outage alerts are the breakers': one when it starts, one when it ends.
 */
export class ConnectorFailures {
  constructor(private readonly health: SystemHealthPort) {}

  /** Calls `fn`, a call to `system` described by `what` ("create the ERP sales order"), sorting its failure. */
  async call<T>(system: string, what: string, fn: () => Promise<T>): Promise<T> {
    this.health.admit(system);
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      throw await this.classify(system, what, err);
    }
    await this.health.succeeded(system);
    return result;
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
      const down = await this.health.failed(system, err);
      return down ? new SystemDown(system, `${what}: ${err.message}`, { cause: err }) : err;
    }
    await this.health.succeeded(system); // it answered: up, if unhappy with the request
    const rejected = err instanceof ConnectorRejected ? err : undefined;
    return new PermanentError(`${what}: ${err.message}`, {
      code: rejected ? `rejected:${rejected.code}` : "connector_refused",
      system: err.system,
      ...(rejected?.field ? { field: rejected.field } : {}),
      suggestion:
        err.suggestion ?? (rejected?.field ? `correct ${rejected.field} and replay` : "correct the request and replay"),
    });
  }
}
