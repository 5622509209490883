/** The long-running roles; the admin commands (secret, vault, token, dead-letters) are not among them. */
export const roles = {
  start: { web: true, worker: true },
  web: { web: true, worker: false },
  worker: { web: false, worker: true },
} as const;
export type Role = keyof typeof roles;
