import { createHash, randomBytes } from "node:crypto";

// The token format: "nss_" and 32 random bytes in base64url (43 characters). The fixed prefix lets secret
// scanners recognise a leaked token; only the sha256 is stored, so the database never holds a usable token.
const marker = "nss_";
const randomLength = 32;
const tokenPattern = /^nss_[A-Za-z0-9_-]{43}$/;
/** "nss_" and 8 characters: enough to tell tokens apart in lists, far too little to guess the rest (210 bits). */
const displayLength = marker.length + 8;

export const generateTokenSecret = () => marker + randomBytes(randomLength).toString("base64url");

/** Whether a presented string has the token format at all (checked before any database lookup). */
export const looksLikeToken = (value: string) => tokenPattern.test(value);

/**
 * sha256 of the token. The lookup is by this hash, so a timing difference can only tell an attacker about
 * hashes, never about the characters of a valid token; the token's 256 random bits make a slow hash pointless.
 */
export const hashTokenSecret = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

export const tokenDisplayPrefix = (token: string) => token.slice(0, displayLength);
