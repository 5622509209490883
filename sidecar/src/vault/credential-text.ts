import { knownSecrets } from "./known-secrets.js";

// Credentials recognisable by their shape, whoever issued them: the sidecar's API tokens, Stripe secret and
// restricted keys, Standard Webhooks secrets. Publishable keys (pk_) are public and stay.
const credentialShape = /nss_[A-Za-z0-9_-]{20,}|\b[sr]k_(?:test|live)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9+/=]{8,}/g;

/** Text with every credential-shaped value and every secret the process holds replaced by "[redacted]". */
export const scrubCredentials = (text: string) => knownSecrets.scrub(text).replace(credentialShape, "[redacted]");

/** Whether the text holds anything scrubCredentials would redact. */
export const containsCredential = (text: string) => scrubCredentials(text) !== text;
