import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { FlowApis } from "../../graphql/flow-apis.js";
import { graphqlLimits } from "../../graphql/hardening.js";
import { withBodyLimit } from "../../graphql/hardening-body-limit.js";
import { createGraphqlHandler } from "../../graphql/yoga.js";
import { AuditLog } from "./audit/audit-log.js";
import { ApiTokens } from "./auth/api-tokens.js";
import { tokenGuards } from "./auth/require-token.js";
import { type Config, graphiqlEnabled } from "./config.js";
import { LogAndWebhookNotifier } from "./connectors/notifier/notifier.js";
import { type Database, openDatabase } from "./db/database.js";
import { BulkDeadLetters } from "./dead-letters/bulk-replay.js";
import { PrismaJobHistory } from "./dead-letters/prisma-job-history.js";
import { ReplayDeadLetter } from "./dead-letters/replay-dead-letter.js";
import { ConnectorFailures } from "./flow-kit/connector-failures.js";
import type { FlowHost } from "./flow-kit/flow-host.js";
import { DisputeEvidenceCommands, DisputesReadModel } from "./flows/disputes/index.js";
import { OrderToCashReadModel } from "./flows/order-to-cash/read-model.js";
import { createApp } from "./http/app.js";
import { type EdgeRateLimiter, edgeRateLimiterFor } from "./http/rate-limit.js";
import { EventHandlerRegistry } from "./inbox/event-handler-registry.js";
import { processInboxJob } from "./inbox/inbox-event.js";
import { InboxRepository } from "./inbox/inbox-repository.js";
import { IngestEvents } from "./inbox/ingest-events.js";
import { ProcessInboxEvent } from "./inbox/process-inbox-event.js";
import { Sweeper } from "./inbox/sweeper.js";
import type { JobQueue } from "./jobs/job-queue.js";
import { JobRunner } from "./jobs/job-runner.js";
import { openJobQueue } from "./jobs/open-job-queue.js";
import { resolveRetryPolicies } from "./jobs/retry-policies.js";
import { SqlLedgerReads } from "./ledger-reads/sql-ledger-reads.js";
import type { Logger } from "./logger.js";
import { AlertChannel } from "./observability/alert-channel.js";
import { Metrics } from "./observability/metrics.js";
import { apiRefusalReporter, eventRefusalReporter } from "./observability/refusal-reports.js";
import { Incidents } from "./resilience/incidents.js";
import { ParkedJobs } from "./resilience/parked-jobs.js";
import { ReplayAfterRecovery } from "./resilience/replay-after-recovery.js";
import { ResumeParkedJobs } from "./resilience/resume-parked-jobs.js";
import { SystemHealth } from "./resilience/system-health.js";
import { createPruner } from "./retention/create-pruner.js";
import type { Pruner } from "./retention/pruner.js";
import { SidecarFlowHost } from "./sidecar-flow-host.js";
import { type SecretSource, vaultSecretSource } from "./vault/configured-secrets.js";
import { loadMasterKeyRing } from "./vault/master-key.js";
import { Vault, vaultTiming } from "./vault/vault.js";

export type { SecretSource } from "./vault/configured-secrets.js";

/** The first pruning run waits for start-up's own work to settle, then catches up on what is due. */
const FIRST_PRUNE_AFTER_MS = 10_000;

export interface SidecarOptions {
  config: Config;
  logger: Logger;
  /** Default: the vault's secrets (tests may fix their own). */
  secrets?: SecretSource;
  /** Collect Node's process metrics too; off in tests that build many sidecars. */
  defaultMetrics?: boolean;
}

/**
 * The composition root's product: database, queue, inbox, job runner, HTTP edge and GraphQL, wired once.
 * Roles choose what runs: `listen` for web, `startWorkers` for workers, both for `npm start`.
 */
export class Sidecar {
  readonly metrics: Metrics;
  readonly handlers = new EventHandlerRegistry();
  /** The flows' entry points GraphQL writes go through (register-flows.ts fills it). */
  readonly flowApis: FlowApis = {};
  readonly inbox: InboxRepository;
  private readonly ingest: IngestEvents;
  readonly runner: JobRunner;
  readonly sweeper: Sweeper;
  /** Every alert goes out through here (log, ALERT_WEBHOOK_URL, listeners). */
  readonly alerts: AlertChannel;
  /** Circuit breakers per system, with outages shared through the database. */
  readonly health: SystemHealth;
  readonly resumeParked: ResumeParkedJobs;
  private readonly connectorFailures: ConnectorFailures;
  readonly app: ReturnType<typeof createApp>;
  readonly tokens: ApiTokens;
  readonly audit: AuditLog;
  readonly rateLimiter: EdgeRateLimiter;
  /** Where flows mount their own HTTP routes (before the 404 handler). */
  readonly routes = express.Router();
  private server: Server | undefined;
  private workersStarted = false;
  /** Retention (worker role): created when the workers start, so the web role warns about nothing it does not do. */
  private pruner: Pruner | undefined;

  private constructor(
    readonly config: Config,
    readonly db: Database,
    readonly queue: JobQueue,
    private readonly logger: Logger,
    readonly secrets: SecretSource,
    defaultMetrics: boolean,
    readonly vault: Vault,
  ) {
    this.metrics = new Metrics({ defaultMetrics });
    this.alerts = new AlertChannel(new LogAndWebhookNotifier(logger, config.ALERT_WEBHOOK_URL));
    this.inbox = new InboxRepository(db.prisma, db.sql);
    const incidents = new Incidents(db.sql);
    const parked = new ParkedJobs(db.sql, (work) => db.transaction(work));
    this.health = new SystemHealth(
      incidents,
      this.alerts,
      {
        failureThreshold: config.BREAKER_FAILURE_THRESHOLD,
        cooldownMs: config.BREAKER_COOLDOWN_MS,
        maxCooldownMs: config.BREAKER_COOLDOWN_MAX_MS,
      },
      this.metrics,
      logger,
    );
    this.connectorFailures = new ConnectorFailures(this.health);
    this.runner = new JobRunner(
      new PrismaJobHistory(db.prisma, parked),
      resolveRetryPolicies(
        {
          maxAttempts: config.JOB_MAX_ATTEMPTS,
          baseDelayMs: config.JOB_BACKOFF_BASE_MS,
          maxDelayMs: config.JOB_BACKOFF_MAX_MS,
        },
        config.RETRY_POLICIES,
      ),
      this.alerts,
      this.metrics,
      logger,
    );
    this.runner.register(
      processInboxJob,
      new ProcessInboxEvent(this.inbox, this.handlers, (work) => db.transaction(work)).handle,
    );
    this.ingest = new IngestEvents(this.inbox, queue, this.metrics, logger);
    this.sweeper = new Sweeper(
      {
        inbox: this.inbox,
        queue,
        runner: this.runner,
        incidents,
        notifier: this.alerts,
        metrics: this.metrics,
        logger,
      },
      {
        intervalMs: config.SWEEP_INTERVAL_MS,
        waitingAfterMs: config.SWEEP_AFTER_MS,
        unfinishedAfterMs: config.UNFINISHED_AFTER_MS,
        leaseMs: config.JOB_LEASE_MS,
        stuckAlertAfterMs: config.STUCK_ALERT_AFTER_MS,
      },
    );
    this.resumeParked = new ResumeParkedJobs(parked, this.health, queue, this.metrics, logger, {
      intervalMs: Math.min(2_000, config.BREAKER_COOLDOWN_MS),
    });
    const replayDeadLetter = new ReplayDeadLetter(db.prisma, queue);
    const replayAfterRecovery = new ReplayAfterRecovery(new BulkDeadLetters(db.prisma, replayDeadLetter), logger);
    this.health.onRecovered((system) => {
      if (this.workersStarted) void replayAfterRecovery.replayFor(system).catch(() => {});
    });
    const tolerance = config.WEBHOOK_TOLERANCE_SECONDS;
    this.tokens = new ApiTokens(db.prisma);
    this.audit = new AuditLog(db.prisma);
    const graphiql = graphiqlEnabled(config);
    const reportApiRefusal = apiRefusalReporter(this.metrics, logger);
    this.rateLimiter = edgeRateLimiterFor(config, logger, reportApiRefusal);
    this.app = createApp({
      trustProxy: config.TRUST_PROXY,
      ingest: this.ingest,
      queue,
      pingDatabase: async () => {
        await db.prisma.$queryRaw`SELECT 1`;
      },
      metrics: this.metrics,
      logger,
      stripeVerifier: { secrets: () => secrets.stripeWebhookSecrets(), toleranceSeconds: tolerance },
      bridgeVerifier: { secrets: () => secrets.bridgeSecrets(), toleranceSeconds: tolerance },
      extensions: this.routes,
      auth: tokenGuards(this.tokens, { graphiql, reportRefusal: reportApiRefusal }),
      rateLimit: this.rateLimiter.middleware,
      graphql: withBodyLimit(
        createGraphqlHandler({
          context: {
            prisma: db.prisma,
            orders: new OrderToCashReadModel(db.sql),
            queue,
            tokens: this.tokens,
            audit: this.audit,
            replayDeadLetter,
            vault,
            disputes: new DisputesReadModel(db.sql),
            disputeEvidence: new DisputeEvidenceCommands(db.sql, (jobs) => queue.enqueue(jobs)),
            flows: this.flowApis,
            ledger: new SqlLedgerReads(db.sql),
          },
          graphiql,
          limits: graphqlLimits(config),
          logger,
        }),
        config.GRAPHQL_MAX_BODY_BYTES,
      ),
    });
  }

  /** What one flow may use of this sidecar: a flow is given this, never the Sidecar. */
  hostFor(flow: string): FlowHost {
    return new SidecarFlowHost(flow, {
      db: this.db,
      queue: this.queue,
      handlers: this.handlers,
      runner: this.runner,
      routes: this.routes,
      ingest: this.ingest,
      metrics: this.metrics,
      logger: this.logger,
      failures: this.connectorFailures,
      reportRefusal: eventRefusalReporter(this.metrics, this.logger),
    });
  }

  static async open(options: SidecarOptions): Promise<Sidecar> {
    const { config, logger } = options;
    const masterKeys = await loadMasterKeyRing(config, logger);
    const db = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      onIdleConnectionError: (err) => options.logger.warn({ err: err.message }, "idle database connection lost"),
      onWaiting: (err) => options.logger.warn({ err: err.message }, "waiting for PostgreSQL to answer"),
    });
    // A vault that cannot open closes the database again, which frees the embedded one's lock.
    const vault = await Vault.open({ prisma: db.prisma, keys: masterKeys, logger, ...vaultTiming(config) }).catch(
      async (err: unknown) => {
        await db.close();
        throw err;
      },
    );
    const queue = await openJobQueue(config, db.prisma);
    const secrets = options.secrets ?? vaultSecretSource(vault);
    const sidecar = new Sidecar(config, db, queue, logger, secrets, options.defaultMetrics ?? false, vault);
    await sidecar.rateLimiter.ready();
    return sidecar;
  }

  /** Web role: serve HTTP. Resolves with the bound port (PORT=0 picks a free one). */
  listen(port = this.config.PORT, host = this.config.HOST): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = this.app.listen(port, host, (err?: Error) => {
        if (err) return reject(err);
        resolve((server.address() as AddressInfo).port);
      });
      server.keepAliveTimeout = 65_000;
      this.server = server;
    });
  }

  /** Worker role: consume jobs and sweep stranded events. */
  startWorkers(concurrency = this.config.WORKER_CONCURRENCY): void {
    this.queue.startWorker(this.runner.process, concurrency);
    this.sweeper.start();
    this.resumeParked.start();
    this.pruner = createPruner(this.config, this.db, this.metrics.registry, this.logger);
    this.pruner.start(this.config.PRUNE_INTERVAL, FIRST_PRUNE_AFTER_MS);
    this.workersStarted = true;
  }

  /** Graceful: stop accepting requests, let in-flight requests and jobs finish, then disconnect. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      const server = this.server;
      if (!server) return resolve();
      // In-flight requests finish; keep-alive connections are closed as soon as they fall idle, rather than
      // after keepAliveTimeout.
      const reaper = setInterval(() => server.closeIdleConnections(), 25);
      server.close(() => {
        clearInterval(reaper);
        resolve();
      });
      server.closeIdleConnections();
    });
    try {
      if (this.workersStarted) await Promise.all([this.sweeper.stop(), this.resumeParked.stop()]);
      await this.pruner?.stop();
      await this.queue.close();
    } finally {
      // Whatever failed above, the timers stop and the connections close, so nothing lingers after close().
      this.vault.close();
      await this.rateLimiter.close().catch(() => {});
      await this.db.close();
    }
    this.logger.info("sidecar stopped");
  }
}
