import { adminCommand, CommandFailed, runAudited } from "./command-support.js";

export const vaultUsage = `usage: sidecar vault rekey
  rekey   re-wraps every secret's data key under the current VAULT_MASTER_KEY. Rotate the master key by setting
          the new one as VAULT_MASTER_KEY and the old one in VAULT_RETIRED_MASTER_KEYS, run this, then drop the old`;

export const runVaultCommand = adminCommand("vault", vaultUsage, { rekey: {} }, async (_line, config, logger, io) =>
  runAudited(config, logger, io, "cli:vault rekey", async ({ vault, keys }) => {
    const result = await vault.rekey();
    io.out(`re-wrapped ${result.rewrapped} secret(s) under master key ${result.masterKeyId}`);
    for (const f of result.failed)
      io.err(`  not re-wrapped: secret ${f.id} (master key ${f.masterKeyId}): ${f.reason}`);
    const detail = { masterKeyId: result.masterKeyId, retiredKeyIds: keys.retiredIds, rewrapped: result.rewrapped };
    if (result.failed.length > 0)
      throw new CommandFailed(
        `${result.failed.length} secret(s) could not be re-wrapped; keep the retired master keys until they are (${JSON.stringify(detail)})`,
      );
    return { detail };
  }),
);
