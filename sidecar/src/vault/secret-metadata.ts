import { createHash } from "node:crypto";
import type { SecretKindName } from "./secret-kinds.js";

/**
 * `active`: in use (the newest of its kind and scope). `retiring`: replaced but not yet expired (still accepted for
 * verification until expiresAt). `expired`: no longer used.
 */
export type SecretStatus = "active" | "retiring" | "expired";

/** Everything the vault tells about a secret: never the value. */
export interface SecretMetadata {
  id: string;
  kind: SecretKindName;
  scope: string;
  fingerprint: string;
  last4: string;
  masterKeyId: string;
  activeFrom: Date;
  expiresAt: Date | null;
  createdAt: Date;
  createdBy: string;
  status: SecretStatus;
}

/** First 16 hex characters of sha256(value): `printf %s "$KEY" | sha256sum | cut -c1-16` matches it. */
export const fingerprintOf = (value: string) => createHash("sha256").update(value, "utf8").digest("hex").slice(0, 16);

/** The last four characters, only where they are a small part of the value. */
export const last4Of = (value: string) => (value.length >= 16 ? value.slice(-4) : "");

export const isExpired = (row: { expiresAt: Date | null }, now: Date) =>
  row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime();
