import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAndReadMerchant,
  listenOnFreePort,
  overHttp,
} from "../../test-support/round-trip.js";
import { createApp } from "../src/app.js";

describe("OneCode mounted in Express", () => {
  const server = createServer(createApp());
  let origin = "";
  beforeAll(async () => {
    origin = await listenOnFreePort(server);
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it("creates a merchant with a JSON POST behind express.json() and reads it back", async () => {
    await createAndReadMerchant(overHttp(origin));
  });

  it("leaves the app's own routes to Express", async () => {
    const reply = await fetch(`${origin}/hello`);
    expect(await reply.json()).toEqual({ hello: "world" });
  });
});
