import { httpFetch } from "@nop-stripe/contract/http-fetch.js";
import type { Logger } from "../../logger.js";
import type { Alert, Notifier } from "../../ports/notifier.js";

export type { Alert, AlertSeverity, Notifier } from "../../ports/notifier.js";

/** Logs every alert and, when a URL is configured, POSTs it as JSON; a failing webhook never fails a flow. */
export class LogAndWebhookNotifier implements Notifier {
  constructor(
    private readonly logger: Logger,
    private readonly webhookUrl?: string,
    private readonly timeoutMs = 5000,
  ) {}

  async alert(alert: Alert): Promise<void> {
    const level = ({ info: "info", warning: "warn", critical: "error" } as const)[alert.severity];
    const log = this.logger[level].bind(this.logger);
    log({ alert: alert.code, ...alert.context }, alert.message);
    if (!this.webhookUrl) return;
    // The URL may carry a secret path, so only the failure is logged, never the address.
    await httpFetch(this.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...alert, at: new Date().toISOString(), service: "nop-stripe-sidecar" }),
      timeoutMs: this.timeoutMs,
    }).then(
      (res) => {
        if (!res.ok) this.logger.warn({ status: res.status, alert: alert.code }, "alert webhook refused the alert");
      },
      (err: Error) => this.logger.warn({ err: err.message, alert: alert.code }, "alert webhook unreachable"),
    );
  }
}
