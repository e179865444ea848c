import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createOneCode } from "@onecode/core";
import { createHandler } from "@onecode/http";
import { Hono } from "hono";
import { authenticate, postMerchant } from "./common.js";

const handler = createHandler(createOneCode(), { basePath: "/api", authenticate });
const app = new Hono();
app.all("/api/*", (c) => handler(c.req.raw));
let server: ReturnType<typeof serve> | undefined;
const port = await new Promise<number>((resolve) => {
  server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
    resolve(info.port),
  );
});
try {
  console.log(`hono: merchant ${await postMerchant(`http://127.0.0.1:${port}/api/v1/merchants`)}`);
} finally {
  server?.close();
}
