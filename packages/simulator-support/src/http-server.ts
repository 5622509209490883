import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
  /** Goes down as a crashed host does: open connections are dropped and new ones refused. */
  stopListening(): Promise<void>;
  /** Comes back on the same address with everything it held, as the host restarted. */
  listenAgain(): Promise<void>;
}

const bind = (app: Express, host: string, port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });

const shut = (server: Server): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });

/** Listens on `host:port` (port 0: any free port) and closes even with requests held open by a fault. */
export async function listen(app: Express, host = "127.0.0.1", port = 0): Promise<RunningServer> {
  let server: Server | undefined = await bind(app, host, port);
  const { port: bound } = server.address() as AddressInfo;
  const stop = async () => {
    const running = server;
    server = undefined;
    if (running) await shut(running);
  };
  return {
    url: `http://${host}:${bound}`,
    close: stop,
    stopListening: stop,
    listenAgain: async () => {
      server ??= await bind(app, host, bound);
    },
  };
}
