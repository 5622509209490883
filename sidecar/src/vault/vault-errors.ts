/** Vault failures name rows and key ids, never a key or a secret. */
export class VaultError extends Error {
  override name = "VaultError";
}

/** A row was wrapped by a master key this process does not have. */
export class UnknownMasterKeyError extends VaultError {
  override name = "UnknownMasterKeyError";
  constructor(readonly masterKeyId: string) {
    super(
      `vault master key ${masterKeyId} is not configured: set it as VAULT_MASTER_KEY, or list it in VAULT_RETIRED_MASTER_KEYS until \`sidecar vault rekey\` has run`,
    );
  }
}

/** Authentication failed: the master key with that id is wrong, or the row was altered or moved. */
export class VaultIntegrityError extends VaultError {
  override name = "VaultIntegrityError";
  constructor(
    readonly secretId: string,
    readonly masterKeyId: string,
  ) {
    super(
      `vault secret ${secretId} cannot be decrypted with master key ${masterKeyId}: the key is wrong, or the row was altered or copied from another row`,
    );
  }
}

/** A value the vault will not store; the message describes the rule, never the value. */
export class InvalidSecretError extends VaultError {
  override name = "InvalidSecretError";
}
