// The baseline of the scan benchmark: a bare node:http server that reads the
// request body and answers every request with the same 1 KB JSON document,
// `no-store` like the scan route. Prints `listening <port>` once ready.
import { createServer } from "node:http";

const body = JSON.stringify({
  verdict: "genuine",
  padding: "x".repeat(1024 - JSON.stringify({ verdict: "genuine", padding: "" }).length),
});
if (Buffer.byteLength(body) !== 1024) throw new Error("the answer must be exactly 1 KB");
const headers = {
  "content-type": "application/json",
  "content-length": String(Buffer.byteLength(body)),
  "cache-control": "no-store",
};

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, headers);
    response.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${server.address().port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
