/**
 * The longest expiry or overlap any path accepts (the CLI, GraphQL, the vault, the token store): ten years. Longer
 * is a typo, and a date that far out can overflow (Invalid Date).
 */
export const MAX_DURATION_DAYS = 3650;
export const MAX_DURATION_SECONDS = MAX_DURATION_DAYS * 86_400;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * "30s", "90m", "24h", "2d" or a bare number of seconds, as seconds; undefined when the text is not a duration.
 * One grammar for the CLI's options and the duration settings.
 */
export function durationSeconds(text: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  return match ? Number(match[1]) * UNIT_SECONDS[match[2] || "s"]! : undefined;
}
