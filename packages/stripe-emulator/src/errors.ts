/** The `error` member of a Stripe error response. */
export interface StripeErrorBody {
  type:
    | "api_error"
    | "card_error"
    | "idempotency_error"
    | "invalid_request_error"
    | "rate_limit_error"
    | "authentication_error";
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  advice_code?: string;
  network_decline_code?: string;
}

/** An expected API failure: carries Stripe's HTTP status and error body. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
    this.name = "StripeApiError";
  }
}

export function docUrl(code: string): string {
  return `https://docs.stripe.com/error-codes/${code.replaceAll("_", "-")}`;
}

export function invalidRequest(message: string, options: { code?: string; param?: string; status?: number } = {}) {
  const body: StripeErrorBody = { type: "invalid_request_error", message };
  if (options.code !== undefined) {
    body.code = options.code;
    body.doc_url = docUrl(options.code);
  }
  if (options.param !== undefined) body.param = options.param;
  return new StripeApiError(options.status ?? 400, body);
}

/** `No such payment_intent: 'pi_123'` with Stripe's 404. */
export function resourceMissing(kind: string, id: string, param = "id"): StripeApiError {
  return invalidRequest(`No such ${kind}: '${id}'`, { code: "resource_missing", param, status: 404 });
}

export function parameterMissing(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: "parameter_missing", param });
}

export function parameterUnknown(param: string): StripeApiError {
  return invalidRequest(
    `Received unknown parameter: ${param}. Did you mean to pass it in a nested hash or an array? ` +
      "See https://docs.stripe.com/api for the list of accepted parameters.",
    { code: "parameter_unknown", param },
  );
}

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return invalidRequest(
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    { status: 404 },
  );
}

export function internalError(): StripeApiError {
  return new StripeApiError(500, { type: "api_error", message: "An unknown error occurred" });
}
