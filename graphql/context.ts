import type { AuditLog } from "../sidecar/src/audit/audit-log.js";
import type { Actor } from "../sidecar/src/auth/actor.js";
import type { ApiTokens } from "../sidecar/src/auth/api-tokens.js";
import type { ReplayDeadLetter } from "../sidecar/src/dead-letters/replay-dead-letter.js";
import type { DisputeEvidenceCommands, DisputesReadModel } from "../sidecar/src/flows/disputes/index.js";
import type { OrderToCashReadModel } from "../sidecar/src/flows/order-to-cash/read-model.js";
import type { PrismaClient } from "../sidecar/src/generated/prisma/client.js";
import type { JobQueue } from "../sidecar/src/jobs/job-queue.js";
import type { LedgerReads } from "../sidecar/src/ledger-reads/ledger-reads.js";
import type { Vault } from "../sidecar/src/vault/vault.js";
import type { FlowApis } from "./flow-apis.js";

/** What every resolver may use: reads go to Prisma, writes go through use-cases. */
export interface GraphqlContext {
  prisma: PrismaClient;
  /** Orders as the order-to-cash flow shows them (its read model). */
  orders: OrderToCashReadModel;
  queue: JobQueue;
  replayDeadLetter: ReplayDeadLetter;
  tokens: ApiTokens;
  audit: AuditLog;
  /** The verified caller, per request; scope-auth derives the scopes from it (see builder.ts). */
  actor: Actor;
  /** Secrets: metadata and rotation only, never a value. */
  vault: Vault;
  /** Disputes as the disputes flow shows them, and the admin's evidence commands. */
  disputes: DisputesReadModel;
  disputeEvidence: DisputeEvidenceCommands;
  /** Flows' entry points for writes (refunds), filled when the flows are registered. */
  flows: FlowApis;
  /** The ledger's read side: payouts, their lines and exceptions, journal entries (ledger-reads/). */
  ledger: LedgerReads;
}
