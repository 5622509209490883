/** info: something ended well (a system recovered); warning: needs a look; critical: needs someone now. */
export type AlertSeverity = "info" | "warning" | "critical";

export interface Alert {
  severity: AlertSeverity;
  /** Stable, machine-readable, e.g. `erp.unreachable` or `job.dead_lettered`. */
  code: string;
  message: string;
  context?: Record<string, unknown>;
}

/** How flows tell people that something needs attention. */
export interface Notifier {
  alert(alert: Alert): Promise<void>;
}
