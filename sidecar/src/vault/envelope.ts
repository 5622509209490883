import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { MasterKey, MasterKeyRing } from "./master-key.js";
import { VaultIntegrityError } from "./vault-errors.js";

/** Which row a ciphertext belongs to; bound into both encryptions so rows cannot be swapped or moved. */
export interface SecretIdentity {
  id: string;
  kind: string;
  scope: string;
}

/** What Prisma reads and writes for a Bytes column. */
type Bytes = Uint8Array<ArrayBuffer>;

/** The columns of VaultSecret that hold the encrypted value. */
export interface SealedSecret {
  ciphertext: Bytes;
  iv: Bytes;
  authTag: Bytes;
  /** The data key under the master key: iv ‖ tag ‖ ciphertext. */
  wrappedKey: Bytes;
  masterKeyId: string;
}

export type WrappedDataKey = Pick<SealedSecret, "wrappedKey" | "masterKeyId">;

const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function associatedData(part: "value" | "data-key", who: SecretIdentity): Buffer {
  return Buffer.from(["nop-stripe-sidecar/vault/v1", part, who.id, who.kind, who.scope].join("\0"));
}

function encrypt(key: Uint8Array, plaintext: Uint8Array, aad: Buffer) {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv).setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, authTag: cipher.getAuthTag() };
}

/** Throws on any authentication failure (wrong key, altered bytes, other row's AAD). */
function decrypt(key: Uint8Array, parts: { iv: Uint8Array; ciphertext: Uint8Array; authTag: Uint8Array }, aad: Buffer) {
  const decipher = createDecipheriv(ALGORITHM, key, parts.iv).setAAD(aad);
  decipher.setAuthTag(parts.authTag);
  return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]);
}

function wrapDataKey(dataKey: Buffer, who: SecretIdentity, master: MasterKey): WrappedDataKey {
  const { iv, ciphertext, authTag } = encrypt(master.key, dataKey, associatedData("data-key", who));
  return { wrappedKey: Buffer.concat([iv, authTag, ciphertext]), masterKeyId: master.id };
}

function unwrapDataKey(sealed: WrappedDataKey, who: SecretIdentity, ring: MasterKeyRing): Buffer {
  const master = ring.find(sealed.masterKeyId);
  const wrapped = Buffer.from(sealed.wrappedKey);
  try {
    return decrypt(
      master.key,
      {
        iv: wrapped.subarray(0, IV_BYTES),
        authTag: wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
        ciphertext: wrapped.subarray(IV_BYTES + TAG_BYTES),
      },
      associatedData("data-key", who),
    );
  } catch {
    throw new VaultIntegrityError(who.id, master.id);
  }
}

/** Envelope encryption: a fresh data key per secret encrypts the value; the master key wraps the data key. */
export function sealSecret(plaintext: string, who: SecretIdentity, master: MasterKey): SealedSecret {
  const dataKey = randomBytes(32);
  try {
    const value = encrypt(dataKey, Buffer.from(plaintext, "utf8"), associatedData("value", who));
    return { ...value, ...wrapDataKey(dataKey, who, master) };
  } finally {
    dataKey.fill(0);
  }
}

export function openSecret(sealed: SealedSecret, who: SecretIdentity, ring: MasterKeyRing): string {
  const dataKey = unwrapDataKey(sealed, who, ring);
  try {
    return decrypt(dataKey, sealed, associatedData("value", who)).toString("utf8");
  } catch {
    throw new VaultIntegrityError(who.id, sealed.masterKeyId);
  } finally {
    dataKey.fill(0);
  }
}

/** Master-key rotation: the same data key, wrapped again under the ring's current key; the value is not touched. */
export function rewrapDataKey(sealed: WrappedDataKey, who: SecretIdentity, ring: MasterKeyRing): WrappedDataKey {
  const dataKey = unwrapDataKey(sealed, who, ring);
  try {
    return wrapDataKey(dataKey, who, ring.current);
  } finally {
    dataKey.fill(0);
  }
}
