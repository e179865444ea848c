import { describe, expect, it } from "vitest";
import { createAndReadMerchant, type Send } from "../../test-support/round-trip.js";
import {
  DELETE,
  dynamic,
  GET,
  HEAD,
  OPTIONS,
  PATCH,
  POST,
} from "../src/app/api/[...path]/route.js";

/** What Next does with a request under /api: call the route's export named after the method. */
const byMethod: Readonly<Record<string, Send>> = { GET, HEAD, POST, PATCH, DELETE, OPTIONS };
const send: Send = (request) => {
  const handler = byMethod[request.method];
  if (!handler) throw new Error(`the route exports no ${request.method}`);
  return handler(request);
};

describe("OneCode as a Next.js catch-all route handler", () => {
  it("creates a merchant with a JSON POST and reads it back through GET", async () => {
    await createAndReadMerchant(send, "https://shop.example/api");
  });

  it("answers every method OneCode serves and is never prerendered", () => {
    expect(Object.values(byMethod).every((handler) => typeof handler === "function")).toBe(true);
    expect(dynamic).toBe("force-dynamic");
  });
});
