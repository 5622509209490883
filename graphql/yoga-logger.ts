import type { LogLevel, YogaLogger } from "graphql-yoga";
import type { Logger } from "../sidecar/src/logger.js";

/**
 * Yoga's log lines (the unexpected errors it masks, its debug tracing) through the app's logger: JSON, with
 * the app's redaction, instead of Yoga's coloured console output. An error is logged as pino logs errors, under
 * `err`: for a resolver's error, the error the resolver threw (graphql-js wraps it), with the field's path.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  const graphql = logger.child({ component: "graphql" });
  const at =
    (level: LogLevel) =>
    (first?: unknown, ...rest: unknown[]) => {
      if (first instanceof Error) {
        const { originalError, path } = first as { originalError?: unknown; path?: unknown };
        const err = originalError instanceof Error ? originalError : first;
        graphql[level]({ err, ...(path ? { path } : {}) }, first.message);
      } else if (typeof first === "string") graphql[level]([first, ...rest].map(String).join(" "));
      else graphql[level]({ detail: first }, rest.map(String).join(" "));
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
