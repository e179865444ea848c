import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAndReadMerchant, overHttp } from "../../test-support/round-trip.js";
import { createApp } from "../src/app.js";

describe("OneCode mounted in Fastify", () => {
  const app = createApp();
  let origin = "";
  beforeAll(async () => {
    origin = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(() => app.close());

  it("creates a merchant with a JSON POST and reads it back", async () => {
    await createAndReadMerchant(overHttp(origin));
  });

  it("leaves the app's own routes to Fastify", async () => {
    const reply = await fetch(`${origin}/hello`);
    expect(await reply.json()).toEqual({ hello: "world" });
  });
});
