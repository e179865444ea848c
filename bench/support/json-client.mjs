// A JSON client over node:http for benchmarks that send many requests at
// once: keep-alive sockets from one agent, answers as { status, body } (no
// throw on 4xx/5xx, so the caller counts them), transport errors as status 0.
import http from "node:http";

/**
 * A client of the server at `base` (e.g. `http://127.0.0.1:3000`) over at
 * most `connections` sockets. `request(method, path, token, body?)` resolves
 * with `{ status, body }`: the parsed JSON answer (or its text when it is not
 * JSON), or status 0 and `{ error }` when the request failed on the way.
 * `close()` destroys the sockets.
 */
export function jsonClient(
  base,
  { connections = Number.POSITIVE_INFINITY, timeoutMs = 60_000 } = {},
) {
  const target = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });

  function request(method, path, token, body) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve) => {
      const outgoing = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path,
          method,
          timeout: timeoutMs,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload !== undefined && {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(payload),
            }),
          },
        },
        (response) => {
          const chunks = [];
          response.on("data", (chunk) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString();
            let parsed = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
          response.on("error", (error) => resolve({ status: 0, body: { error: error.message } }));
        },
      );
      outgoing.on("timeout", () => outgoing.destroy(new Error(`timed out after ${timeoutMs} ms`)));
      outgoing.on("error", (error) => resolve({ status: 0, body: { error: error.message } }));
      outgoing.end(payload);
    });
  }

  return { request, close: () => agent.destroy() };
}

/** A one-line description of an answer from jsonClient, for error messages. */
export function describeAnswer({ status, body }) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return `${status} ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}
