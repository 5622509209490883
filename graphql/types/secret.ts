import { createGraphQLError } from "graphql-yoga";
import { auditActor } from "../../sidecar/src/auth/actor.js";
import { secretKindNames } from "../../sidecar/src/vault/secret-kinds.js";
import type { SecretMetadata } from "../../sidecar/src/vault/secret-metadata.js";
import type { Rotation } from "../../sidecar/src/vault/vault.js";
import { InvalidSecretError } from "../../sidecar/src/vault/vault-errors.js";
import { badUserInput, uuidId } from "../arguments.js";
import { builder } from "../builder.js";

const SecretKindEnum = builder.enumType("SecretKind", { values: secretKindNames });

const SecretStatusEnum = builder.enumType("SecretStatus", {
  values: {
    active: { description: "In use (the newest of its kind; for signing secrets, every one without an expiry)" },
    retiring: { description: "Replaced; signing secrets are still accepted until expiresAt" },
    expired: { description: "No longer used" },
  } as const,
});

const SecretRef = builder.objectRef<SecretMetadata>("Secret").implement({
  description: "A secret in the vault, described without its value",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.field({ type: SecretKindEnum, resolve: (s) => s.kind }),
    scope: t.exposeString("scope", { description: "Empty when the kind has one slot" }),
    fingerprint: t.exposeString("fingerprint", { description: "First 16 hex characters of sha256(value)" }),
    last4: t.exposeString("last4", { description: "Last four characters; empty for values under 16 characters" }),
    status: t.field({ type: SecretStatusEnum, resolve: (s) => s.status }),
    masterKeyId: t.exposeString("masterKeyId"),
    activeFrom: t.expose("activeFrom", { type: "DateTime" }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    createdBy: t.exposeString("createdBy"),
  }),
});

const RotateSecretPayload = builder.objectRef<Rotation>("RotateSecretPayload").implement({
  fields: (t) => ({
    secret: t.field({ type: SecretRef, resolve: (r) => r.secret }),
    replaced: t.field({
      type: [SecretRef],
      description: "The secrets it replaced, with their new expiry",
      resolve: (r) => r.replaced,
    }),
  }),
});

builder.queryFields((t) => ({
  secrets: t.field({
    type: [SecretRef],
    authScopes: { admin: true },
    description: "Metadata of the vault's secrets, newest first per kind and scope; never a value",
    args: {
      kind: t.arg({ type: SecretKindEnum }),
      scope: t.arg.string(),
      includeExpired: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, { vault }) =>
      vault.list({
        ...(args.kind ? { kind: args.kind } : {}),
        ...(typeof args.scope === "string" ? { scope: args.scope } : {}),
        includeExpired: args.includeExpired ?? false,
      }),
  }),
}));

builder.mutationFields((t) => ({
  rotateSecret: t.field({
    type: RotateSecretPayload,
    authScopes: { admin: true },
    description:
      "Stores a new secret, active at once; earlier ones of the kind and scope expire after overlapSeconds (default VAULT_OVERLAP_SECONDS). The argument is named `secret` so every log and audit trail redacts it.",
    args: {
      kind: t.arg({ type: SecretKindEnum, required: true }),
      scope: t.arg.string({ defaultValue: "" }),
      secret: t.arg.string({ required: true }),
      overlapSeconds: t.arg.int(),
    },
    resolve: async (_root, args, { vault, actor }) => {
      try {
        return await vault.rotate({
          kind: args.kind,
          scope: args.scope ?? "",
          value: args.secret,
          createdBy: actor ? auditActor(actor).id : "graphql",
          ...(typeof args.overlapSeconds === "number" ? { overlapSeconds: args.overlapSeconds } : {}),
        });
      } catch (err) {
        if (err instanceof InvalidSecretError) throw badUserInput(err.message);
        throw err;
      }
    },
  }),
  expireSecret: t.field({
    type: SecretRef,
    authScopes: { admin: true },
    description: "Expires a secret now (a compromised one, or the old one once every sender uses the new)",
    args: { id: t.arg.id({ required: true, ...uuidId }) },
    resolve: async (_root, { id }, { vault }) => {
      const expired = await vault.expire(String(id));
      if (!expired) throw createGraphQLError("no secret with that id", { extensions: { code: "NOT_FOUND" } });
      return expired;
    },
  }),
}));
