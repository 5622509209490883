import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export interface LocalSecrets {
  stripeWebhookSecret: string;
  bridgeSecret: string;
}

/**
 * First run on a laptop: signing secrets nobody configured are generated once and kept (mode 0600) under
 * the data folder, so the sidecar starts with nothing set and keeps verifying with the same secrets.
 * Production refuses to start without configured secrets instead (see main).
 */
export async function loadOrCreateLocalSecrets(dataDir: string): Promise<{ secrets: LocalSecrets; file: string }> {
  const file = join(dataDir, "local-secrets.json");
  const existing = await readFile(file, "utf8").then(JSON.parse, () => undefined);
  if (existing?.stripeWebhookSecret && existing?.bridgeSecret) return { secrets: existing, file };
  const secrets: LocalSecrets = {
    stripeWebhookSecret: `whsec_${randomBytes(24).toString("hex")}`,
    bridgeSecret: `whsec_${randomBytes(32).toString("base64")}`,
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
  return { secrets, file };
}
