import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseFieldOwnership } from "./domain/customers/field-ownership.js";
import { parseDisputeRules } from "./domain/dispute-rules.js";
import { parseChartOfAccounts } from "./domain/ledger/chart-of-accounts.js";
import { parseOrderToCashRules } from "./domain/order-to-cash-rules.js";
import { parseRefundRules } from "./domain/refund-rules.js";
import { parseRiskModel } from "./domain/risk/risk-model.js";
import { parseRiskRules } from "./domain/risk/risk-rules.js";
import { parseTrustProxy } from "./http/trust-proxy.js";
import { parseRetryPolicyOverrides } from "./jobs/retry-policies.js";
import { ledgerSettings } from "./ledger-reads/ledger-settings.js";
import { llmSettings } from "./llm/llm-settings.js";
import { retentionSettings } from "./retention/retention-settings.js";

/** Comma-separated list of secrets; several may be active at once while one is being rotated. */
const secretList = z
  .string()
  .transform((raw) =>
    raw
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().min(8, "each secret must be at least 8 characters")));

const positiveInt = z.coerce.number().int().positive();

/** A setting holding JSON that `parse` validates (it throws a message naming the path at fault). */
const jsonSetting = <T>(parse: (input: unknown) => T) =>
  z.string().transform((raw, ctx) => {
    try {
      return parse(JSON.parse(raw));
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
  });

/** A setting naming a JSON file that `parse` validates at start-up (its message names the file). */
const jsonFileSetting = <T>(parse: (input: unknown, source: string) => T) =>
  z.string().transform((path, ctx) => {
    try {
      return parse(readJsonFile(path), path);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
  });

function readJsonFile(path: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not JSON: ${(err as Error).message}`);
  }
}

const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Peers whose X-Forwarded-For names the client (rate limits, audit log): see http/trust-proxy.ts. */
  TRUST_PROXY: z
    .string()
    .default("loopback")
    .transform((raw, ctx) => {
      const parsed = parseTrustProxy(raw);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** PostgreSQL in production; unset means the embedded PGlite database under DATA_DIR. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Redis for BullMQ; unset means the in-process queue stored in the database. */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  DATA_DIR: z.string().default(".data"),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_/, "must start with sk_test_, sk_live_, rk_test_ or rk_live_")
    .optional(),
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).default("https://api.stripe.com"),
  /** Stripe endpoint signing secrets (whsec_...). Unset in development: one is generated under DATA_DIR. */
  STRIPE_WEBHOOK_SECRETS: secretList.optional(),
  /** Standard Webhooks secrets (whsec_<base64>) the nopCommerce bridge signs with. */
  BRIDGE_SECRETS: secretList.optional(),
  WEBHOOK_TOLERANCE_SECONDS: positiveInt.default(300),
  /** This sidecar's own base URL as other systems reach it (WMS shipment callbacks). */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The nopCommerce store's base URL; the bridge plugin's write-back API hangs below it. */
  NOP_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Standard Webhooks secret the sidecar signs write-back calls with (distinct from BRIDGE_SECRETS). */
  NOP_WRITEBACK_SECRET: z.string().min(8).optional(),
  ERP_URL: z.url({ protocol: /^https?$/ }).optional(),
  ERP_API_KEY: z.string().min(1).optional(),
  WMS_URL: z.url({ protocol: /^https?$/ }).optional(),
  WMS_API_KEY: z.string().min(1).optional(),
  /** Standard Webhooks secrets of the WMS's shipment callbacks. */
  WMS_CALLBACK_SECRETS: secretList.optional(),
  /**
   * Order-to-cash rules as JSON, validated at start (sidecar/src/flows/order-to-cash/README.md). Every default is
   * required; a store overrides any of them. For example, manual capture in store 2 (test/docs checks it):
   *   {"version":1,"defaults":{"captureMethod":"automatic","manualCaptureFromMinor":null,
   *    "erpSyncPaymentStatuses":["Paid"],"fulfillment":true,"cancelUnpaidAfterMs":86400000,
   *    "notifyCustomerOnDecline":true},"stores":{"2":{"captureMethod":"manual"}}}
   */
  ORDER_TO_CASH_RULES: jsonSetting(parseOrderToCashRules).optional(),
  /**
   * Disputes (flows/disputes/README.md): when to alert before the evidence is due, whether a lost dispute is
   * recorded in nopCommerce as an offline refund, and the refund policy text per store id ("default" for the
   * others), e.g. {"dueSoonHours":72,"refundPolicies":{"default":"Returns within 30 days of delivery."}}
   */
  DISPUTE_RULES: jsonSetting(parseDisputeRules).optional(),
  /**
   * Refund rules as JSON (sidecar/src/flows/refunds/README.md), e.g. {"version":1,"defaults":{"approvedStatus":
   * "ReturnAuthorized","refundShippingOnFullReturn":true,"restockingFeeBasisPoints":0,"restock":true},"stores":{}}
   */
  REFUND_RULES: jsonSetting(parseRefundRules).optional(),
  /**
   * Risk rules as JSON (sidecar/src/flows/risk/README.md): which card payments are authorized first and decided by
   * the score, the bands, velocity windows, the review's expiry alert and action, e.g. {"version":1,"defaults":
   * {"decide":"all","decideFromMinor":null,"reviewFrom":35,"highFrom":75,"velocityWindowsMs":[3600000,86400000],
   * "expiryAlertBeforeMs":86400000,"atExpiry":"cancel","claimForMs":900000,"refundOnEarlyFraudWarning":false},"stores":{}}
   */
  RISK_RULES: jsonSetting(parseRiskRules).optional(),
  /**
   * The chart of accounts the payouts flow posts to (sidecar/src/domain/ledger/README.md): every ledger role's
   * account code, and overrides per settlement currency, e.g. {"version":1,"accounts":{"bank":"1000",...},
   * "currencies":{"eur":{"bank":"1001"}}}. Unset: the defaults of that README.
   */
  CHART_OF_ACCOUNTS: jsonSetting(parseChartOfAccounts).optional(),
  /** Alerts (a job dead-lettered, a system unreachable) are logged and, when set, POSTed here as JSON. */
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The default retry policy: 36 attempts, 1 s doubling to 1 h, spans 12 to 24 hours (README "Outages, retries and stuck jobs"). */
  JOB_MAX_ATTEMPTS: positiveInt.default(36),
  JOB_BACKOFF_BASE_MS: positiveInt.default(1000),
  JOB_BACKOFF_MAX_MS: positiveInt.default(3_600_000),
  /** Per system overrides of the default, as JSON: {"erp":{"maxAttempts":48},"wms":{"maxDelayMs":600000}}. */
  RETRY_POLICIES: jsonSetting(parseRetryPolicyOverrides).optional(),
  /** A job's lease: a killed worker's job is taken over after about this long (both queues). */
  JOB_LEASE_MS: z.coerce.number().int().min(5_000).default(30_000),
  /** BullMQ: a job whose worker died more often than this goes to the failed set, where the sweeper finds it. */
  JOB_MAX_STALLS: z.coerce.number().int().min(0).default(1),
  /** How long the web process waits for the queue before acknowledging anyway (the sweeper enqueues later). */
  ENQUEUE_TIMEOUT_MS: positiveInt.default(2_000),
  /** Circuit breaker: consecutive transient failures of one system before its jobs are parked. */
  BREAKER_FAILURE_THRESHOLD: positiveInt.default(3),
  /** Circuit breaker: the wait before the first probe of a system found down, doubling up to the max. */
  BREAKER_COOLDOWN_MS: positiveInt.default(5_000),
  BREAKER_COOLDOWN_MAX_MS: positiveInt.default(30_000),
  WORKER_CONCURRENCY: positiveInt.default(16),
  SWEEP_INTERVAL_MS: positiveInt.default(15_000),
  /** A stored event not enqueued after this long is re-enqueued by the sweeper. */
  SWEEP_AFTER_MS: positiveInt.default(30_000),
  /** An attempt (or a due retry) overdue by this long has lost its job: the sweeper enqueues it again. */
  UNFINISHED_AFTER_MS: positiveInt.default(120_000),
  /** Alert when the oldest unfinished event (not parked for an outage) is older than this. */
  STUCK_ALERT_AFTER_MS: positiveInt.default(900_000),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(30_000),
  /** Queue name (BullMQ) or queue column value (embedded); separate sidecars sharing one Redis differ here. */
  QUEUE_NAME: z
    .string()
    .regex(/^[\w-]+$/)
    .default("sidecar-events"),
  /** The vault's master key: base64 of 32 random bytes (`openssl rand -base64 32`). Or VAULT_MASTER_KEY_FILE. */
  VAULT_MASTER_KEY: z.string().optional(),
  /** A file holding the master key (base64), e.g. a mounted secret. Unset in development: generated under DATA_DIR. */
  VAULT_MASTER_KEY_FILE: z.string().optional(),
  /** Earlier master keys, comma-separated base64: they still decrypt until `sidecar vault rekey` has run. */
  VAULT_RETIRED_MASTER_KEYS: secretList.optional(),
  /** How often each process re-reads the vault, so a rotation made elsewhere takes effect without a restart. */
  VAULT_REFRESH_MS: positiveInt.default(2000),
  /** How long a replaced signing secret stays accepted after a rotation, unless the rotation says otherwise. */
  VAULT_OVERLAP_SECONDS: z.coerce.number().int().min(0).default(86_400),
  /** GraphiQL in the browser at /graphql; on by default except in production. */
  GRAPHIQL: z.stringbool().optional(),
  /** Hardening (README "Hardening"). Introspection: on by default except in production. */
  GRAPHQL_INTROSPECTION: z.stringbool().optional(),
  GRAPHQL_MAX_DEPTH: positiveInt.default(8),
  /** Fields selected, each connection's selection counted per row of its page (graphql/hardening-cost.ts). */
  GRAPHQL_MAX_COST: positiveInt.default(50_000),
  GRAPHQL_MAX_ALIASES: positiveInt.default(15),
  GRAPHQL_MAX_TOKENS: positiveInt.default(2_000),
  GRAPHQL_MAX_BODY_BYTES: positiveInt.default(100 * 1024),
  GRAPHQL_TIMEOUT_MS: positiveInt.default(10_000),
  /** Requests per window; shared through Redis by every web process when REDIS_URL is set. */
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(60),
  /** /graphql and /metrics per client address, and unsigned requests to any other route. */
  RATE_LIMIT_PER_IP: positiveInt.default(600),
  /** /graphql and /metrics per bearer token (keyed by a hash of it), on top of the per-address limit. */
  RATE_LIMIT_PER_TOKEN: positiveInt.default(300),
  RATE_LIMIT_HEALTH_PER_IP: positiveInt.default(600),
  /** Signed routes (webhooks, bridge, callbacks) count only refused requests; a valid one always passes. */
  RATE_LIMIT_REFUSALS_PER_IP: positiveInt.default(120),
  /**
   * The fraud model's weights file (domain/risk/README.md); unset means the shipped
   * domain/risk/model/fraud-logistic-v1.json. Validated at start: unknown features or a bad shape are refused.
   */
  RISK_MODEL_FILE: jsonFileSetting(parseRiskModel).optional(),
  /** How often the subscriptions flow compares Stripe's subscriptions with nop's recurring payments; 0: never. */
  SUBSCRIPTIONS_DRIFT_CHECK_MS: z.coerce.number().int().min(0).default(3_600_000),
  /** Retention and pruning (retention/retention-settings.ts). */
  ...retentionSettings,
  /** The optional language model (llm/llm-settings.ts). */
  ...llmSettings,
  /** The ledger's exports and drift check (ledger-reads/ledger-settings.ts). */
  ...ledgerSettings,
  /**
   * Stripe requests per second the customers backfill may send (flows/customers/README.md). Unset: Stripe's
   * limit for the key's mode, 25 in test mode (and the sandbox), 100 live.
   */
  CUSTOMER_BACKFILL_PER_SECOND: positiveInt.optional(),
  /**
   * Which system owns which customer field, as JSON (flows/customers/README.md): nop | stripe | newest per
   * email, name, phone, address, shipping; unset fields keep the default, e.g. {"phone":"stripe"}.
   */
  CUSTOMER_FIELD_OWNERSHIP: jsonSetting(parseFieldOwnership).optional(),
  /** How often the customers drift check compares nopCommerce's customers with Stripe's (ms); 0: never. */
  CUSTOMERS_DRIFT_CHECK_MS: z.coerce.number().int().min(0).default(3_600_000),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** GraphiQL is served unless GRAPHIQL says otherwise; production leaves it off by default. */
export const graphiqlEnabled = (config: Pick<Config, "GRAPHIQL" | "NODE_ENV">) =>
  config.GRAPHIQL ?? config.NODE_ENV !== "production";

/** Parses the environment once. A wrong or missing setting becomes one line naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const emptyAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = configSchema.safeParse(emptyAsUnset);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ConfigError(`invalid setting ${issue.path.join(".")}: ${issue.message}`);
}
