import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random bytes drawn from a pool refilled 4 KiB at a time: one system call per ~170 ids, not one per id. */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function takeRandomBytes(length: number): Buffer {
  if (length > pool.length) return randomFillSync(Buffer.alloc(length));
  if (poolOffset + length > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += length;
  return pool.subarray(poolOffset - length, poolOffset);
}

/** Random base62 text; Stripe ids look like `pi_3P...` with 24 characters after the prefix. */
export function randomToken(length: number): string {
  let out = "";
  for (const byte of takeRandomBytes(length)) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomToken(length)}`;
}
