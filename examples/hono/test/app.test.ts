import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAndReadMerchant, overHttp } from "../../test-support/round-trip.js";
import { createApp } from "../src/app.js";

describe("OneCode mounted in Hono", () => {
  let origin = "";
  let server: ReturnType<typeof serve> | undefined;
  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: createApp().fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
        origin = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(() => {
    server?.close();
  });

  it("creates a merchant with a JSON POST over @hono/node-server and reads it back", async () => {
    await createAndReadMerchant(overHttp(origin));
  });

  it("leaves the app's own routes to Hono", async () => {
    const reply = await fetch(`${origin}/hello`);
    expect(await reply.json()).toEqual({ hello: "world" });
  });
});
