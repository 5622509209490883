import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ShipmentCallbackVerifier } from "../shipment-callback-verifier.js";
import type { ShipmentNotification } from "../shipment-notification.js";

/**
 * A stand-in for the sidecar's HTTP edge: verifies each callback on the raw body, keeps the accepted ones,
 * and can be taken down and brought back up on the same port.
 */
export class CallbackReceiver {
  readonly accepted: ShipmentNotification[] = [];
  readonly refused: { reason: string; webhookId: string | undefined }[] = [];
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly verify: ShipmentCallbackVerifier) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/wms/shipments`;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const result = this.verify(Buffer.concat(chunks), req.headers);
        if (!result.ok) {
          this.refused.push({ reason: result.reason, webhookId: req.headers["webhook-id"] as string | undefined });
          res.writeHead(400).end(result.message);
          return;
        }
        this.accepted.push(result.notification);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  ids(type?: string): string[] {
    return this.accepted.filter((n) => !type || n.type === type).map((n) => n.id);
  }
}
