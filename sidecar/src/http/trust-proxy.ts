import { isIP } from "node:net";
import { err, ok, type Result } from "../domain/result.js";

/** What Express's `trust proxy` takes: a hop count, or the addresses (names, IPs, CIDRs) of trusted proxies. */
export type TrustProxy = number | string[];

const namedRanges = new Set(["loopback", "linklocal", "uniquelocal"]);

function isCidr(text: string): boolean {
  const [address, bits, ...rest] = text.split("/");
  if (rest.length > 0 || !address || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
  const version = isIP(address);
  return version !== 0 && Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: which peers may tell the client's address in X-Forwarded-For. `none`, a number of proxy hops in
 * front of the sidecar, or a comma-separated list of `loopback`, `linklocal`, `uniquelocal`, IPs and CIDRs.
 * "Trust everyone" is refused: any client could then pick its own address and its own rate-limit budget.
 */
export function parseTrustProxy(raw: string): Result<TrustProxy, string> {
  const text = raw.trim();
  if (text === "none") return ok(0);
  if (/^\d+$/.test(text)) return ok(Number(text));
  if (/^(true|all|\*)$/i.test(text))
    return err("trusting every peer would let any client choose its address; list the proxies");
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const wrong = entries.find((entry) => !namedRanges.has(entry) && isIP(entry) === 0 && !isCidr(entry));
  if (entries.length === 0 || wrong !== undefined)
    return err(`"${wrong ?? text}" is not none, a hop count, loopback, linklocal, uniquelocal, an IP or a CIDR`);
  return ok(entries);
}
