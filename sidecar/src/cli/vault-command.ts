import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { CommandFailed, processIo, runAudited } from "./command-support.js";

export const vaultUsage = `usage: sidecar vault rekey
  rekey   re-wraps every secret's data key under the current VAULT_MASTER_KEY. Rotate the master key by setting
          the new one as VAULT_MASTER_KEY and the old one in VAULT_RETIRED_MASTER_KEYS, run this, then drop the old`;

export async function runVaultCommand(args: string[], config: Config, logger: Logger, io = processIo): Promise<number> {
  if (args[0] !== "rekey" || args.length > 1) {
    io.err(vaultUsage);
    return 2;
  }
  return runAudited(config, logger, io, "cli:vault rekey", async ({ vault, keys }) => {
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
  });
}
