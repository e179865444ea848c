// The load generator of the scan benchmark, run in a process of its own so it
// never shares an event loop with the server under test. Reads one JSON
// argument: { url, connections, seconds, tenantId, codesFile, idsFile?, tag, rate? }.
// Every request is a public scan (POST /v1/public/scans) of a random code from
// codesFile, with a userId unique to the request; when idsFile is given, the
// userIds of the requests answered 2xx are written there, one per line, so the
// caller can check that each one's scan was recorded. With rate, the
// connections together send at most that many requests per second
// (autocannon's overallRate). Prints autocannon's
// result as one JSON line last.
import { readFileSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2] ?? "{}");
const codes = readFileSync(options.codesFile, "utf8").split("\n").filter(Boolean);
if (codes.length === 0) throw new Error(`no codes in ${options.codesFile}`);

let sequence = 0;
const completed = [];
const started = process.cpuUsage();

const instance = autocannon({
  url: options.url,
  connections: options.connections,
  duration: options.seconds,
  pipelining: 1,
  ...(options.rate > 0 && { overallRate: options.rate }),
  requests: [
    {
      method: "POST",
      path: "/v1/public/scans",
      headers: { "content-type": "application/json" },
      setupRequest(request, context) {
        sequence += 1;
        context.userId = `${options.tag}${sequence}`;
        const code = codes[Math.floor(Math.random() * codes.length)];
        return {
          ...request,
          body: JSON.stringify({ tenantId: options.tenantId, code, userId: context.userId }),
        };
      },
      onResponse(status, _body, context) {
        if (status >= 200 && status < 300) completed.push(context.userId);
      },
    },
  ],
});

instance.on("done", (result) => {
  if (options.idsFile) writeFileSync(options.idsFile, completed.join("\n"));
  const cpu = process.cpuUsage(started);
  console.log(
    JSON.stringify({
      ...result,
      loadCpuSeconds: (cpu.user + cpu.system) / 1e6,
      completedIds: completed.length,
    }),
  );
});
process.on("SIGTERM", () => instance.stop());
