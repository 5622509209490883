/**
 * Errors every connector throws for what a flow cannot expect (expected outcomes, such as a rule refusal or a
 * missing object, are results). The job layer needs one fact: `transient` true means retrying later may succeed
 * (the system was down, slow or overloaded); false means it will not (the request itself is wrong).
 */
export abstract class ConnectorError extends Error {
  abstract readonly transient: boolean;
  /** For the person reading a dead letter: what to check, when the connector knows better than "the request". */
  suggestion: string | undefined;

  constructor(
    /** "stripe", "nop", "erp", "wms", ... */
    readonly system: string,
    message: string,
    options?: ErrorOptions & { suggestion?: string },
  ) {
    super(message, options);
    this.suggestion = options?.suggestion;
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

  constructor(system: string, rejection: RejectionDetails, options?: { suggestion?: string }) {
    const where = rejection.field ? ` (field ${rejection.field})` : "";
    super(
      system,
      `${system} rejected the request: ${rejection.status} ${rejection.code}${where}: ${rejection.message}`,
      options,
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
    options?: ErrorOptions & { suggestion?: string },
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
