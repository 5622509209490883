import { ConnectorError } from "../../ports/connector-errors.js";

/** nopCommerce refused a transition: `rule` names the check that said no (e.g. CanMarkOrderAsPaid). Expected. */
export class NopRuleRefused extends Error {
  override name = "NopRuleRefused";
  readonly kind = "rule_refused";
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(`${rule} refused: ${message}`);
  }
}

/** The order, shipment, product, customer or return request does not exist (or is deleted). Expected. */
export class NopNotFound extends Error {
  override name = "NopNotFound";
  readonly kind = "not_found";
}

export type NopExpectedError = NopRuleRefused | NopNotFound;

/**
 * A call that failed unexpectedly: bad signature (401), a request the plugin calls invalid (4xx), an answer that
 * breaks the contract, or 5xx/network errors that outlived every retry (`retryable` true: try again later).
 */
export class NopRequestError extends ConnectorError {
  override name = "NopRequestError";
  readonly transient: boolean;
  constructor(
    message: string,
    readonly code: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super("nop", message, retryable ? {} : { suggestion: "check the bridge plugin's contract version and secrets" });
    this.transient = retryable;
  }
}
