import type { Alert, Notifier } from "../ports/notifier.js";

/**
 * The sidecar's one way out for alerts: every flow and the job machinery tell it, it tells the configured
 * notifier (log and webhook), and anyone listening in the process (a test, a future GraphQL subscription).
 */
export class AlertChannel implements Notifier {
  private readonly listeners: ((alert: Alert) => void)[] = [];

  constructor(private readonly sink: Notifier) {}

  listen(listener: (alert: Alert) => void): void {
    this.listeners.push(listener);
  }

  async alert(alert: Alert): Promise<void> {
    for (const listener of this.listeners) listener(alert);
    await this.sink.alert(alert);
  }
}
