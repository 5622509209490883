import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "./http-server.js";

describe("listen", () => {
  let server: RunningServer | undefined;
  afterEach(() => server?.close());

  it("refuses connections while stopped and answers again on the same port with its state kept", async () => {
    let hits = 0;
    const app = express();
    app.get("/count", (_req, res) => {
      res.json({ hits: ++hits });
    });
    server = await listen(app);
    const count = async () => ((await (await fetch(`${server!.url}/count`)).json()) as { hits: number }).hits;
    expect(await count()).toBe(1);

    await server.stopListening();
    const refused = await fetch(`${server.url}/count`).then(
      () => "answered",
      (err: Error & { cause?: { code?: string } }) => err.cause?.code,
    );
    expect(refused).toBe("ECONNREFUSED");

    await server.listenAgain();
    expect(await count()).toBe(2);
  });
});
