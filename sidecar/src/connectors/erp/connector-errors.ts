/**
 * Errors every HTTP connector throws. The job layer needs one fact: `transient` true means retrying later may
 * succeed (the system was down, slow or overloaded); false means it will not (the request itself is wrong).
 */
export abstract class ConnectorError extends Error {
  abstract readonly transient: boolean;

  constructor(
    /** "erp", "wms", ... */
    readonly system: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface RejectionDetails {
  status: number;
  /** The system's machine-readable reason, e.g. totals_mismatch, unbalanced_entry, idempotency_key_reused. */
  code: string;
  message: string;
  /** The request field that failed, e.g. totals.total or lines[2].account, when the system names one. */
  field?: string;
  details?: unknown;
}

/** The system answered 4xx: the request is wrong and sending it again will not help. */
export class ConnectorRejected extends ConnectorError {
  override name = "ConnectorRejected";
  readonly transient = false;
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(system: string, rejection: RejectionDetails) {
    const where = rejection.field ? ` (field ${rejection.field})` : "";
    super(
      system,
      `${system} rejected the request: ${rejection.status} ${rejection.code}${where}: ${rejection.message}`,
    );
    this.status = rejection.status;
    this.code = rejection.code;
    this.field = rejection.field;
    this.details = rejection.details;
  }
}

export class ErpRejected extends ConnectorRejected {
  override name = "ErpRejected";
  constructor(rejection: RejectionDetails) {
    super("erp", rejection);
  }
}

export class WmsRejected extends ConnectorRejected {
  override name = "WmsRejected";
  constructor(rejection: RejectionDetails) {
    super("wms", rejection);
  }
}

/** Every attempt failed with a 5xx, a timeout or a network error: try again later. */
export class ConnectorUnavailable extends ConnectorError {
  override name = "ConnectorUnavailable";
  readonly transient = true;

  constructor(
    system: string,
    readonly attempts: number,
    /** What the last attempt ran into, e.g. "503 injected_fault" or "timeout after 2000 ms". */
    readonly lastFailure: string,
    options?: ErrorOptions,
  ) {
    super(system, `${system} unavailable after ${attempts} attempt(s); last: ${lastFailure}`, options);
  }
}

/**
 * A 2xx answer that is not what the contract promises: a bug on one side or a mis-pointed base URL.
 * Not transient: retrying would fetch the same surprise.
 */
export class ConnectorProtocolError extends ConnectorError {
  override name = "ConnectorProtocolError";
  readonly transient = false;
}
