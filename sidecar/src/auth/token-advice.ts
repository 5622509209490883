// How a newcomer makes an API token, said where they need it (the first-start banner, a 401 answer). While the
// sidecar runs, the CLI is no answer on its own: `sidecar` is not on the PATH in a checkout, and with the embedded
// database the CLI stops (exit 78) because the running sidecar holds the database. GraphQL works at that moment.

/** The GraphQL mutation an admin token runs, in GraphiQL or any client. */
export const createTokenMutation = 'mutation { createApiToken(name: "ci", role: finance) { token } }';

/** The CLI as it runs from a checkout (README "Access"); with `dataDir` when the CLI would not find it by itself. */
export const createTokenCommand = (dataDir?: string) =>
  `${dataDir ? `DATA_DIR=${dataDir} ` : ""}npm run sidecar -- token create --name ci --role finance`;

/** When the CLI can run: the running sidecar holds the embedded database until it stops; PostgreSQL is shared. */
export const whenTheCliRuns = (embeddedDatabase: boolean) =>
  embeddedDatabase ? "once the sidecar is stopped" : "alongside the sidecar";
