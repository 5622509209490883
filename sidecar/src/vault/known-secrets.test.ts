import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../logger.js";
import { knownSecrets } from "./known-secrets.js";

const newSecret = () => `whsec_${randomBytes(12).toString("base64")}`;

describe("knownSecrets", () => {
  it("replaces every occurrence of every secret it was given and leaves other text alone", () => {
    const a = newSecret();
    const b = newSecret();
    knownSecrets.add(a);
    knownSecrets.add(b);
    expect(knownSecrets.scrub(`key ${a}, again ${a}; other ${b}; not ${newSecret()}`)).toMatch(
      /^key \[redacted\], again \[redacted\]; other \[redacted\]; not whsec_/,
    );
    expect(knownSecrets.scrub("nothing secret here")).toBe("nothing secret here");
  });

  it("ignores values too short to be secrets, so ordinary words survive", () => {
    knownSecrets.add("order");
    expect(knownSecrets.scrub("order 42")).toBe("order 42");
  });

  it("finds a secret in its JSON-escaped form too", () => {
    const quoted = `pa"ss\\word-${randomBytes(6).toString("hex")}`;
    knownSecrets.add(quoted);
    expect(knownSecrets.scrub(JSON.stringify({ msg: `sent ${quoted}` }))).toBe('{"msg":"sent [redacted]"}');
  });

  it("keeps a known secret out of every log line, whatever field or message carries it", () => {
    const secret = newSecret();
    knownSecrets.add(secret);
    const lines: string[] = [];
    const logger = createLogger(
      "info",
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    logger.warn({ upstream: { body: `invalid key ${secret}` } }, `call failed: ${secret}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: "call failed: [redacted]",
      upstream: { body: "invalid key [redacted]" },
    });
  });
});
