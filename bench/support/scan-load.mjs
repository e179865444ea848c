// The load generator of the scan benchmark, run in a process of its own so it
// never shares an event loop with the server under test. Reads one JSON
// argument: { url, connections, seconds, tenantId, codesFile, idsFile?, tag, rate? }.
// Every request is a public scan (POST /v1/public/scans) of a random code from
// codesFile, with a userId unique to the request; when idsFile is given, the
// userIds of the requests answered 2xx are written there, one per line, so the
// caller can check that each one's scan was recorded. Without rate,
// autocannon keeps every connection busy (full load); with rate, requests are
// offered evenly at that rate (paced-load.mjs). Prints the result (autocannon's,
// or its shape) as one JSON line last.
import { readFileSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { pacedLoad } from "./paced-load.mjs";

const options = JSON.parse(process.argv[2] ?? "{}");
const codes = readFileSync(options.codesFile, "utf8").split("\n").filter(Boolean);
if (codes.length === 0) throw new Error(`no codes in ${options.codesFile}`);

let sequence = 0;
const completed = [];
const started = process.cpuUsage();

/** A scan of a random code with a userId of its own. */
function scanBody(userId) {
  const code = codes[Math.floor(Math.random() * codes.length)];
  return JSON.stringify({ tenantId: options.tenantId, code, userId });
}

function finish(result) {
  if (options.idsFile) writeFileSync(options.idsFile, completed.join("\n"));
  const cpu = process.cpuUsage(started);
  console.log(
    JSON.stringify({
      ...result,
      loadCpuSeconds: (cpu.user + cpu.system) / 1e6,
      completedIds: completed.length,
    }),
  );
}

if (options.rate > 0) {
  const userIds = [];
  const result = await pacedLoad({
    url: new URL("/v1/public/scans", options.url).toString(),
    connections: options.connections,
    seconds: options.seconds,
    rate: options.rate,
    bodyOf(i) {
      userIds[i] = `${options.tag}${i + 1}`;
      return scanBody(userIds[i]);
    },
    onAnswer(i, status) {
      if (status >= 200 && status < 300) completed.push(userIds[i]);
    },
  });
  finish(result);
} else {
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    requests: [
      {
        method: "POST",
        path: "/v1/public/scans",
        headers: { "content-type": "application/json" },
        setupRequest(request, context) {
          sequence += 1;
          context.userId = `${options.tag}${sequence}`;
          return { ...request, body: scanBody(context.userId) };
        },
        onResponse(status, _body, context) {
          if (status >= 200 && status < 300) completed.push(context.userId);
        },
      },
    ],
  });
  instance.on("done", finish);
  process.on("SIGTERM", () => instance.stop());
}
