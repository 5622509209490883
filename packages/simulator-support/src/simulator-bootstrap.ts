import type { Router } from "express";
import { FaultInjector } from "./fault-injection.js";
import { listen } from "./http-server.js";
import { IdempotencyStore } from "./idempotency-store.js";
import { RequestLog } from "./request-log.js";
import { createSimulatorApp } from "./simulator-app.js";

/** Where a simulator listens and the key it requires: the options every HTTP simulator takes. */
export interface SimulatorListenOptions {
  /** Bearer token the simulator requires. */
  apiKey?: string;
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
}

/** What every HTTP simulator hands back, around its own documents. */
export interface RunningSimulator {
  url: string;
  apiKey: string;
  close(): Promise<void>;
  /** Connections refused until listenAgain(), which answers on the same port with the documents kept. */
  stopListening(): Promise<void>;
  listenAgain(): Promise<void>;
  /** Same as POST /_control/faults. */
  faults: FaultInjector;
  requests: RequestLog;
  /** Forgets documents, idempotency keys, the request log and any fault. */
  reset(): void;
}

export interface SimulatorParts {
  apiKey: string;
  host?: string;
  port?: number;
  /** The simulator's API routes; creates go through the shared idempotency store. */
  api: (idempotency: IdempotencyStore) => Router;
  /** Extra routes under /_control. */
  control?: Router;
  /** The simulator's documents for GET /_control/state; the fault and request counts are added. */
  state: () => Record<string, unknown>;
  /** Forgets the simulator's own documents; idempotency keys, requests and faults are cleared after. */
  reset: () => void;
  /** Stops the simulator's own timers before the faults and the server. */
  dispose?: () => void;
}

/** The bootstrap the ERP and WMS simulators share: idempotency, faults and request log, the app frame, a port. */
export async function startSimulator(parts: SimulatorParts): Promise<RunningSimulator> {
  const idempotency = new IdempotencyStore();
  const faults = new FaultInjector();
  const requests = new RequestLog();
  const reset = () => {
    parts.reset();
    idempotency.clear();
    requests.clear();
    faults.clear();
  };
  const app = createSimulatorApp({
    apiKey: parts.apiKey,
    faults,
    requests,
    api: parts.api(idempotency),
    control: parts.control,
    state: () => ({ ...parts.state(), fault: faults.state(), requestCounts: requests.counts() }),
    reset,
  });
  const server = await listen(app, parts.host, parts.port);
  return {
    url: server.url,
    apiKey: parts.apiKey,
    close: async () => {
      parts.dispose?.();
      faults.dispose();
      await server.close();
    },
    stopListening: server.stopListening,
    listenAgain: server.listenAgain,
    faults,
    requests,
    reset,
  };
}
