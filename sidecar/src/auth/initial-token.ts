import type { ApiTokens } from "./api-tokens.js";

/**
 * First start only (no token has ever existed): creates the "initial admin" token and returns the lines that
 * show it, once, on the console; never for the log (pino never sees it). The GraphiQL link carries the token in
 * its fragment, which the browser keeps to itself: the page moves it into the Authorization header.
 */
export async function initialTokenNotice(tokens: ApiTokens, base: string): Promise<string | null> {
  const created = await tokens.createInitialAdmin();
  if (!created?.ok) return null;
  return [
    "",
    `  FIRST START: an admin API token was created ("initial admin", ${created.info.prefix}…). It is shown only`,
    "  now and only its hash is stored; keep it, make named tokens with `sidecar token create`, then revoke it:",
    `    ${created.token}`,
    "  GraphiQL, signed in with it (the token stays in your browser: it is after the #):",
    `    ${base}/graphql#token=${created.token}`,
    "",
  ].join("\n");
}
