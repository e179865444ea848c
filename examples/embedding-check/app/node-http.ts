import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createOneCode } from "@onecode/core";
import { createHandler, toNodeListener } from "@onecode/http";
import { authenticate, postMerchant } from "./common.js";

const handler = createHandler(createOneCode(), { authenticate });
const server = createServer(toNodeListener(handler)).listen(0, "127.0.0.1");
await once(server, "listening");
const { port } = server.address() as AddressInfo;
try {
  console.log(`node:http: merchant ${await postMerchant(`http://127.0.0.1:${port}/v1/merchants`)}`);
} finally {
  server.closeAllConnections();
  server.close();
}
