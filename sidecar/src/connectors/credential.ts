/** A credential as a connector takes it: fixed, or read when used (from the vault, so rotation needs no restart). */
export type Credential = string | (() => string);

export const readCredential = (credential: Credential): string =>
  typeof credential === "function" ? credential() : credential;
