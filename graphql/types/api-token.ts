import { createGraphQLError } from "graphql-yoga";
import { auditActor } from "../../sidecar/src/auth/actor.js";
import { type ApiTokenInfo, revokeRefusal } from "../../sidecar/src/auth/api-tokens.js";
import { ApiRole } from "../../sidecar/src/generated/prisma/enums.js";
import { adminOnly } from "../access.js";
import { badUserInput, isUuid } from "../arguments.js";
import { builder } from "../builder.js";

// Tokens are managed by admins only. The token itself appears once, in createApiToken's answer; its hash never.

export const ApiRoleEnum = builder.enumType("ApiRole", {
  description: "What a token may do (README, Access): admin, finance, reviewer or read_only",
  values: Object.values(ApiRole),
});

const ApiTokenRef = builder.objectRef<ApiTokenInfo>("ApiToken").implement({
  description: "An API token's metadata (the token is shown once, at creation; only its sha256 is stored)",
  authScopes: adminOnly,
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    role: t.field({ type: ApiRoleEnum, resolve: (k) => k.role }),
    storeIds: t.exposeIntList("storeIds", { description: "Stores the token may see; empty means every store" }),
    prefix: t.exposeString("prefix", { description: "The token's first characters, to recognise it" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    createdBy: t.exposeString("createdBy"),
    lastUsedAt: t.expose("lastUsedAt", {
      type: "DateTime",
      nullable: true,
      description: "Updated at most once a minute",
    }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});

interface CreatedToken {
  token: string;
  apiToken: ApiTokenInfo;
}

const CreateApiTokenPayload = builder.objectRef<CreatedToken>("CreateApiTokenPayload").implement({
  fields: (t) => ({
    token: t.exposeString("token", {
      description: "The token, shown this once: store it now (Authorization: Bearer <token>)",
    }),
    apiToken: t.field({ type: ApiTokenRef, resolve: (c) => c.apiToken }),
  }),
});

builder.queryField("apiTokens", (t) =>
  t.field({
    type: [ApiTokenRef],
    authScopes: adminOnly,
    description: "Every token, newest first, revoked and expired ones included",
    resolve: (_root, _args, { tokens }) => tokens.list(),
  }),
);

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreateApiTokenPayload,
    authScopes: adminOnly,
    args: {
      name: t.arg.string({ required: true }),
      role: t.arg({ type: ApiRoleEnum, required: true }),
      storeIds: t.arg.intList({ description: "Limit the token to these stores (not for admin tokens)" }),
      expiresAt: t.arg({ type: "DateTime" }),
    },
    resolve: async (_root, args, { tokens, actor }) => {
      const created = await tokens.create({
        name: args.name,
        role: args.role,
        storeIds: args.storeIds ?? [],
        expiresAt: args.expiresAt ?? null,
        createdBy: auditActor(actor).id,
      });
      if (!created.ok) throw badUserInput(created.message);
      return { token: created.token, apiToken: created.info };
    },
  }),
  revokeApiToken: t.field({
    type: ApiTokenRef,
    authScopes: adminOnly,
    description: "Revokes a token at once (by id, or by its prefix when that is unique); requests with it get 401",
    args: { id: t.arg.id({ required: true, description: "The token's id or its prefix" }) },
    resolve: async (_root, { id }, { tokens }) => {
      const which = String(id);
      const result = await tokens.revoke(which);
      if (result.kind === "revoked") return result.info;
      if (result.kind !== "not_found") throw badUserInput(revokeRefusal(result, which)); // a stored id or prefix
      // What matched nothing is repeated only when it is a UUID (an id): else it may be a whole token pasted in.
      const message = isUuid(which) ? revokeRefusal(result, which) : "no token with that id or prefix";
      throw createGraphQLError(message, { extensions: { code: "NOT_FOUND" } });
    },
  }),
}));
