import { createServer } from "node:net";
import { ConfigError } from "../config.js";

/** PORT or HOST cannot be listened on: one line naming the setting, like any other wrong setting (exit 78). */
export class ListenError extends ConfigError {
  override name = "ListenError";

  constructor(
    readonly setting: "PORT" | "HOST",
    detail: string,
  ) {
    super(`invalid setting ${setting}: ${detail}`);
  }
}

/** Why a listen failed, as the setting to change; undefined for failures that are no setting's fault. */
export function asListenError(err: NodeJS.ErrnoException, port: number, host: string): ListenError | undefined {
  const where = `${host}:${port}`;
  switch (err.code) {
    case "EADDRINUSE":
      return new ListenError(
        "PORT",
        `${where} is already in use (another sidecar? \`npm start\`?); stop that process or set PORT to a free port`,
      );
    case "EACCES":
      return new ListenError("PORT", `this user may not listen on ${where}; set PORT to 1024 or above`);
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return new ListenError("HOST", `${host} is not an address of this machine`);
    default:
      return undefined;
  }
}

/**
 * Whether `port` on `host` can be listened on now: it is bound and released at once. Run before anything is
 * created (data folder, master key, database), so a busy port costs nothing. Port 0 (any free port) always can.
 */
export function canListen(port: number, host: string): Promise<{ ok: true } | { ok: false; error: ListenError }> {
  if (port === 0) return Promise.resolve({ ok: true });
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => {
      const error = asListenError(err, port, host);
      if (error) resolve({ ok: false, error });
      else reject(err);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve({ ok: true })));
  });
}

/** Throws the one-line ListenError when `port` on `host` cannot be listened on. */
export async function requireListenable(port: number, host: string): Promise<void> {
  const result = await canListen(port, host);
  if (!result.ok) throw result.error;
}
