import { z } from "zod";

/**
 * The envelope every nopCommerce bridge event travels in (POST /bridge/events). The JSON Schema in
 * nop-plugin-bridge/contract/ describes the same shape; a contract test keeps the two in agreement.
 * The `webhook-id` header of the Standard Webhooks signature carries the same value as `id`.
 */
export const bridgeEnvelopeSchema = z.object({
  /** Unique per event, stable across redeliveries (the outbox row's GUID). */
  id: z.string().min(1).max(200),
  /** Dotted lower-case event type, for example `order.placed`. */
  type: z.string().regex(/^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/, "type must look like order.placed"),
  occurredAt: z.iso.datetime({ offset: true }),
  storeId: z.number().int().nonnegative(),
  /** major.minor; a minor bump only adds optional fields, a major bump is a breaking change. */
  contractVersion: z.string().regex(/^\d+\.\d+$/, "contractVersion must be major.minor"),
  payload: z.record(z.string(), z.unknown()),
});

export type BridgeEnvelope = z.infer<typeof bridgeEnvelopeSchema>;

/** The major contract version this sidecar reads. */
export const supportedContractMajor = 1;
