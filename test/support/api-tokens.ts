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

export interface GraphqlAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** POSTs one GraphQL operation with the token (none when null) and returns the raw answer. */
export async function graphqlAs<T = Record<string, unknown>>(
  url: string,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlAnswer<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? bearer(token) : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphqlAnswer<T>["body"] };
}
