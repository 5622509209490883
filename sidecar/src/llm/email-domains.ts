/**
 * The only e-mail domains a model may hear of. A big public provider says nothing about who the customer is;
 * any other domain (an employer, a family's own) might, so it is never sent. A disposable domain is sent only
 * as the fact that it is disposable.
 */
const PUBLIC_PROVIDERS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "yandex.ru",
  "mail.ru",
  "qq.com",
  "163.com",
]);

export const isPublicEmailProvider = (domain: string) => PUBLIC_PROVIDERS.has(domain.toLowerCase());
/** One list of throw-away inbox services, the risk score's. */
export { isDisposableEmailDomain } from "../domain/risk/disposable-email-domains.js";
