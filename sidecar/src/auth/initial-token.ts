import { mkdir, unlink, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { ApiTokens } from "./api-tokens.js";
import { createTokenCommand, createTokenMutation, whenTheCliRuns } from "./token-advice.js";

export interface InitialTokenOptions {
  /** The sidecar's address, for the GraphiQL link. */
  base: string;
  /** GraphiQL is served, so the notice can link to it signed in. */
  graphiql: boolean;
  /** The embedded database, which the CLI cannot open while the sidecar runs. */
  embeddedDatabase: boolean;
  /** The data folder, named in the CLI advice when the CLI would not find it by itself (the demo's temporary one). */
  dataDir?: string;
  /**
   * Where the token goes instead of the console. Production sets it: there the console usually feeds a log store,
   * and a token in a log store is a token for whoever reads the logs.
   */
  tokenFile?: string;
}

/**
 * First start only (no token has ever existed): creates the "initial admin" token and returns the lines that
 * tell the newcomer where it is: on the console, once (pino never sees it), or in a file only its owner can read.
 * The GraphiQL link carries the token in its fragment, which the browser keeps to itself: the page moves it into
 * the Authorization header.
 */
export async function initialTokenNotice(
  tokens: Pick<ApiTokens, "createInitialAdmin">,
  options: InitialTokenOptions,
): Promise<string | null> {
  const created = await tokens.createInitialAdmin();
  if (!created?.ok) return null;
  const { token } = created;
  const head = `  FIRST START: an admin API token was created ("initial admin", ${created.info.prefix}…). Only its hash is stored.`;
  if (options.tokenFile) {
    const where = await writeTokenFile(options.tokenFile, token, options.embeddedDatabase);
    return ["", head, `  ${where}`, ...moreTokens(options, false), ""].join("\n");
  }
  const lines = ["", head, "  It is shown only now:", `    ${token}`];
  if (options.graphiql)
    lines.push(
      "  GraphiQL, signed in with it (the token stays in your browser: it is after the #):",
      `    ${options.base}/graphql#token=${token}`,
    );
  return [...lines, ...moreTokens(options, options.graphiql), ""].join("\n");
}

/** What works right now to make named tokens (see token-advice.ts), then to retire the initial one. */
function moreTokens(options: InitialTokenOptions, linkAbove: boolean): string[] {
  const where = linkAbove
    ? "in GraphiQL (the link above)"
    : `with GraphQL at ${options.base}/graphql, sending Authorization: Bearer <this token>`;
  return [
    `  Keep it, make named tokens, then revoke it. While the sidecar runs, ${where}:`,
    `    ${createTokenMutation}`,
    `  or with the CLI, ${whenTheCliRuns(options.embeddedDatabase)}:`,
    `    ${createTokenCommand(options.dataDir)}`,
  ];
}

/** A new file, owner read/write only (a file left from before is replaced, not reused with its permissions). */
async function writeTokenFile(path: string, token: string, embeddedDatabase: boolean): Promise<string> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await unlink(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
    await writeFile(path, `${token}\n`, { mode: 0o600, flag: "wx" });
    return `It is in ${path} (readable by this user only), not in this output: read it, then delete the file.`;
  } catch (err) {
    return `It could NOT be written to ${path} (${(err as Error).message}); make an admin token with \`npm run sidecar -- token create --name <you> --role admin\` ${whenTheCliRuns(embeddedDatabase)}.`;
  }
}
