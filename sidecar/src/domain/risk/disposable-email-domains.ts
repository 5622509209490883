/**
 * Disposable ("throw-away") e-mail domains: inboxes anyone can read or that vanish after minutes, popular for
 * orders nobody means to answer for. A short, hand-picked subset of the community list
 * github.com/disposable-email-domains/disposable-email-domains (CC0), limited to the services seen most in
 * card fraud; a store that needs the full list can extend this module. Compared on the domain and each parent
 * domain, so `mail.mailinator.com` counts too.
 */
const disposableEmailDomains: ReadonlySet<string> = new Set([
  "10minutemail.com",
  "10minutemail.net",
  "20minutemail.com",
  "33mail.com",
  "anonbox.net",
  "burnermail.io",
  "discard.email",
  "dispostable.com",
  "dropmail.me",
  "emailondeck.com",
  "fakeinbox.com",
  "getairmail.com",
  "getnada.com",
  "guerrillamail.biz",
  "guerrillamail.com",
  "guerrillamail.de",
  "guerrillamail.info",
  "guerrillamail.net",
  "guerrillamail.org",
  "guerrillamailblock.com",
  "harakirimail.com",
  "inboxkitten.com",
  "mailcatch.com",
  "maildrop.cc",
  "mailinator.com",
  "mailinator.net",
  "mailnesia.com",
  "mintemail.com",
  "mohmal.com",
  "mytemp.email",
  "sharklasers.com",
  "spam4.me",
  "spamgourmet.com",
  "temp-mail.io",
  "temp-mail.org",
  "tempail.com",
  "tempmail.com",
  "tempmail.dev",
  "tempmail.net",
  "tempmailo.com",
  "tempr.email",
  "throwawaymail.com",
  "trashmail.com",
  "trashmail.de",
  "yopmail.com",
  "yopmail.fr",
  "yopmail.net",
]);

/** The domain (lower case, as RiskFacts holds it) or one of its parent domains is a disposable service. */
export function isDisposableEmailDomain(domain: string): boolean {
  let candidate = domain;
  for (;;) {
    if (disposableEmailDomains.has(candidate)) return true;
    const dot = candidate.indexOf(".");
    if (dot < 0 || candidate.indexOf(".", dot + 1) < 0) return false;
    candidate = candidate.slice(dot + 1);
  }
}
