import type { IncomingMessage, ServerResponse } from "node:http";

/** Bodies up to this size with a `Content-Length` are read whole and written with the head. */
const SMALL_BODY_BYTES = 64 * 1024;

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/**
 * Writes a WHATWG `Response` to a `node:http` response: a small body of
 * known length in one write with the head, anything else streamed chunk by
 * chunk with backpressure (cancelled when the client goes away).
 */
export async function writeResponse(
  response: Response,
  req: IncomingMessage,
  res: ServerResponse,
  bodyUnread: boolean,
): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  // A body left unread (a 401, 413 or 415 before it was consumed) would block the next
  // request on this connection; close the connection after the response instead.
  if (bodyUnread) res.setHeader("connection", "close");

  if (!response.body || req.method === "HEAD") {
    await response.body?.cancel();
    res.end();
    return;
  }
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  if (length <= SMALL_BODY_BYTES) {
    // A small body of known length (every JSON answer) goes out with the head in one write.
    res.end(new Uint8Array(await response.arrayBuffer()));
    return;
  }
  // Without a known length the body is a stream (SSE, an export) whose first chunk may take
  // a while: send the head now.
  if (Number.isNaN(length)) res.flushHeaders();
  const reader = response.body.getReader();
  const stop = () => {
    reader.cancel().catch(() => {});
  };
  res.once("close", stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await waitForDrain(res);
    }
    res.end();
  } finally {
    res.off("close", stop);
  }
}
