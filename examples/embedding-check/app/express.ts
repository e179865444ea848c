import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createOneCode } from "@onecode/core";
import { createHandler, toNodeListener } from "@onecode/http";
import express from "express";
import { authenticate, postMerchant } from "./common.js";

const handler = createHandler(createOneCode(), { basePath: "/api", authenticate });
const onecode = toNodeListener(handler);
const app = express();
app.use(express.json()); // the guide says OneCode answers behind a body parser
app.use((req, res, next) => (req.url.startsWith("/api/") ? onecode(req, res) : next()));
const server = app.listen(0, "127.0.0.1");
await once(server, "listening");
const { port } = server.address() as AddressInfo;
try {
  const id = await postMerchant(`http://127.0.0.1:${port}/api/v1/merchants`);
  console.log(`express: merchant ${id}`);
} finally {
  server.closeAllConnections();
  server.close();
}
