import { Webhook } from "standardwebhooks";

/**
 * How the sidecar uses a secret. `verify`: it checks signatures others make, so every unexpired secret is accepted
 * (old and new overlap during a rotation). `send`: it presents the credential, so only the newest one is used.
 */
export type SecretUse = "verify" | "send";

interface SecretKind {
  use: SecretUse;
  /** The environment setting it is imported from at start-up, if any. */
  setting?: string;
  /** Why a value is refused, or undefined; never mentions the value. */
  check?: (value: string) => string | undefined;
}

const minLength = (n: number) => (value: string) => (value.length < n ? `must be at least ${n} characters` : undefined);

/** Standard Webhooks secrets: whsec_ followed by base64 (the prefix is optional). */
const standardWebhooksSecret = (value: string) => {
  try {
    new Webhook(value);
  } catch {
    return "must be a Standard Webhooks secret (whsec_ followed by base64)";
  }
  return minLength(8)(value);
};

export const secretKinds = {
  stripe_api_key: {
    use: "send",
    setting: "STRIPE_SECRET_KEY",
    check: (v) =>
      /^(sk|rk)_(test|live)_\w+$/.test(v) ? undefined : "must be a Stripe secret or restricted key (sk_/rk_)",
  },
  stripe_webhook_secret: { use: "verify", setting: "STRIPE_WEBHOOK_SECRETS", check: minLength(8) },
  bridge_secret: { use: "verify", setting: "BRIDGE_SECRETS", check: standardWebhooksSecret },
  nop_writeback_secret: { use: "send", setting: "NOP_WRITEBACK_SECRET", check: standardWebhooksSecret },
  erp_api_key: { use: "send", setting: "ERP_API_KEY" },
  wms_api_key: { use: "send", setting: "WMS_API_KEY" },
  wms_callback_secret: { use: "verify", setting: "WMS_CALLBACK_SECRETS", check: standardWebhooksSecret },
  /** Language-model providers; the scope names the provider. */
  llm_api_key: { use: "send" },
} as const satisfies Record<string, SecretKind>;

export type SecretKindName = keyof typeof secretKinds;

export const secretKindNames = Object.keys(secretKinds) as SecretKindName[];

export const isSecretKind = (name: string): name is SecretKindName => Object.hasOwn(secretKinds, name);

const definition = (kind: SecretKindName): SecretKind => secretKinds[kind];

export const secretUse = (kind: SecretKindName): SecretUse => definition(kind).use;

/** The environment setting a kind is imported from, if it has one. */
export const settingOf = (kind: SecretKindName): string | undefined => definition(kind).setting;

const MAX_LENGTH = 4096;

/** Why the vault refuses `value` for `kind`, or undefined when it is acceptable. */
export function secretValueProblem(kind: SecretKindName, value: string): string | undefined {
  if (value.length === 0) return "is empty";
  if (value.length > MAX_LENGTH) return `is longer than ${MAX_LENGTH} characters`;
  if (value !== value.trim() || /[\r\n\0]/.test(value)) return "has surrounding whitespace or a line break";
  // Every secret is sent in an HTTP header or shared as text with another system, where only ASCII travels.
  if (!/^[\x20-\x7e]+$/.test(value)) return "must be printable ASCII";
  return definition(kind).check?.(value);
}

/** Scopes are short identifiers (a store id, a provider name); "" when the kind has one slot. */
export const scopeProblem = (scope: string): string | undefined =>
  /^[\w.:-]{0,64}$/.test(scope) ? undefined : "scope must be up to 64 letters, digits, '_', '.', ':' or '-'";
