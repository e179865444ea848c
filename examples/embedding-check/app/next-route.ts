import { GET, POST } from "./app/api/[...path]/route.js";
import { newMerchant } from "./common.js";

// What Next does for a request under /api: call the export named after the method.
const headers = { authorization: "Bearer demo-admin", "content-type": "application/json" };
const created = await POST(
  new Request("https://shop.example/api/v1/merchants", {
    method: "POST",
    headers,
    body: JSON.stringify(newMerchant),
  }),
);
if (created.status !== 201) throw new Error(`expected 201, got ${created.status}`);
const read = await GET(
  new Request(`https://shop.example${created.headers.get("location")}`, { headers }),
);
if (read.status !== 200) throw new Error(`expected 200, got ${read.status}`);
console.log(`next route handler: ${created.headers.get("location")}`);
