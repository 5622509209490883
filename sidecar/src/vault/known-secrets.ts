/**
 * Every secret value this process has held, so that text leaving it (log lines, error messages stored in job
 * history, the audit trail, HTTP error answers) can be scrubbed of them whatever produced the text: an upstream
 * error that echoes a request header, a library that prints its arguments. Field-based redaction (pino's paths,
 * the audit log's names) stops the secrets we know the place of; this stops the ones we do not.
 *
 * Process-wide on purpose: any code may write a log line or build an error, and any vault opened in the process
 * adds what it decrypts. Values are only added, never removed: a rotated-out key may still be valid upstream.
 */
class KnownSecrets {
  private readonly values = new Set<string>();

  /** Too short a value would scrub ordinary text; every secret kind the vault accepts is far longer. */
  static readonly minLength = 8;

  add(value: string): void {
    if (value.length < KnownSecrets.minLength || this.values.has(value)) return;
    this.values.add(value);
    // In a JSON log line the value appears escaped.
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.values.add(escaped);
  }

  /** The text with each known secret replaced by "[redacted]". */
  scrub(text: string): string {
    let result = text;
    for (const value of this.values) if (result.includes(value)) result = result.replaceAll(value, "[redacted]");
    return result;
  }
}

export const knownSecrets = new KnownSecrets();
