import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSecret, rewrapDataKey, type SealedSecret, sealSecret } from "./envelope.js";
import { MasterKeyRing, parseMasterKey } from "./master-key.js";
import { UnknownMasterKeyError, VaultIntegrityError } from "./vault-errors.js";

const newKey = () => parseMasterKey(randomBytes(32).toString("base64"), "test");
const who = { id: "0b7c6a53-2b1f-4d38-9d0e-6c1f1f2a9e01", kind: "stripe_api_key", scope: "" };
const value = "sk_test_51Hd9pLsuperSecretValue0001";

describe("envelope encryption", () => {
  const master = newKey();
  const ring = new MasterKeyRing(master);

  it("round-trips, and the stored bytes contain neither the value nor the data key in clear", () => {
    const sealed = sealSecret(value, who, master);
    expect(openSecret(sealed, who, ring)).toBe(value);
    expect(Buffer.from(sealed.ciphertext).toString("utf8")).not.toContain("sk_test");
    expect(sealed.masterKeyId).toBe(master.id);
    expect(sealed.wrappedKey).toHaveLength(12 + 16 + 32);
    // Fresh data key and IV each time: the same value never encrypts to the same bytes.
    expect(Buffer.from(sealSecret(value, who, master).ciphertext).equals(Buffer.from(sealed.ciphertext))).toBe(false);
  });

  it.each<[string, (s: SealedSecret) => SealedSecret]>([
    ["ciphertext", (s) => ({ ...s, ciphertext: flip(s.ciphertext) })],
    ["auth tag", (s) => ({ ...s, authTag: flip(s.authTag) })],
    ["iv", (s) => ({ ...s, iv: flip(s.iv) })],
    ["wrapped data key", (s) => ({ ...s, wrappedKey: flip(s.wrappedKey) })],
  ])("refuses a tampered %s", (_part, tamper) => {
    const sealed = tamper(sealSecret(value, who, master));
    expect(() => openSecret(sealed, who, ring)).toThrow(VaultIntegrityError);
  });

  it.each([
    ["another row's id", { ...who, id: "5d2f8a61-0000-4000-8000-000000000000" }],
    ["another kind", { ...who, kind: "erp_api_key" }],
    ["another scope", { ...who, scope: "store-2" }],
  ])("refuses a ciphertext moved to %s (row identity is bound as AAD)", (_what, elsewhere) => {
    const sealed = sealSecret(value, who, master);
    expect(() => openSecret(sealed, elsewhere, ring)).toThrow(VaultIntegrityError);
  });

  it("names the missing master key by id, never the key", () => {
    const sealed = sealSecret(value, who, master);
    const other = newKey();
    const error = captureError(() => openSecret(sealed, who, new MasterKeyRing(other)));
    expect(error).toBeInstanceOf(UnknownMasterKeyError);
    expect(error.message).toContain(master.id);
    expect(error.message).not.toContain(master.key.toString("base64"));
  });

  it("a wrong key under the right id is an integrity error naming the key id", () => {
    const sealed = sealSecret(value, who, master);
    const impostor = new MasterKeyRing({ id: master.id, key: randomBytes(32) });
    const error = captureError(() => openSecret(sealed, who, impostor));
    expect(error).toBeInstanceOf(VaultIntegrityError);
    expect(error.message).toContain(master.id);
    expect(error.message).toContain(who.id);
  });

  it("re-wraps under the new master key with the old one retired, and the value is unchanged", () => {
    const sealed = sealSecret(value, who, master);
    const next = newKey();
    const rotating = new MasterKeyRing(next, [master]);
    const rewrapped = { ...sealed, ...rewrapDataKey(sealed, who, rotating) };
    expect(rewrapped.masterKeyId).toBe(next.id);
    expect(openSecret(rewrapped, who, new MasterKeyRing(next))).toBe(value);
    expect(() => openSecret(rewrapped, who, new MasterKeyRing(master))).toThrow(UnknownMasterKeyError);
  });
});

describe("parseMasterKey", () => {
  it.each(["", "c2hvcnQ=", `${randomBytes(32).toString("base64")}x`, randomBytes(31).toString("base64")])(
    "refuses anything but base64 of 32 bytes, naming the setting and not the value: %j",
    (bad) => {
      const error = captureError(() => parseMasterKey(bad, "VAULT_MASTER_KEY"));
      expect(error.message).toMatch(/^invalid setting VAULT_MASTER_KEY: must be base64 of 32 random bytes/);
      if (bad) expect(error.message).not.toContain(bad);
    },
  );

  it("derives a stable id that is not the key", () => {
    const encoded = randomBytes(32).toString("base64");
    const a = parseMasterKey(encoded, "x");
    expect(parseMasterKey(`${encoded}\n`, "x").id).toBe(a.id);
    expect(a.id).toMatch(/^mk_[0-9a-f]{16}$/);
    expect(encoded).not.toContain(a.id.slice(3));
  });
});

function flip(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes);
  copy[0]! ^= 1;
  return copy;
}

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}
