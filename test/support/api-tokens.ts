import type { ApiRole } from "../../sidecar/src/generated/prisma/enums.js";
import type { Sidecar } from "../../sidecar/src/sidecar.js";

/** A fresh API token of the given role (and stores), created the way `sidecar token create` does. */
export async function createTestToken(
  sidecar: Sidecar,
  role: ApiRole = "admin",
  options: { storeIds?: number[]; expiresAt?: Date; name?: string } = {},
): Promise<string> {
  const created = await sidecar.tokens.create({
    name: options.name ?? `test ${role}`,
    role,
    storeIds: options.storeIds ?? [],
    expiresAt: options.expiresAt ?? null,
    createdBy: "test",
  });
  if (!created.ok) throw new Error(created.message);
  return created.token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
