import { isOneCodeError } from "@onecode/core";
import { HttpError } from "./http-error.js";

/** One Server-Sent Event: its name and a JSON `data` payload. */
export interface SseEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Options of {@link sseResponse}. */
export interface SseOptions {
  /** Ends the stream when aborted: pass `request.signal` (aborted when the client disconnects). */
  readonly signal?: AbortSignal;
  /** Interval of the `: heartbeat` comment that keeps proxies from closing an idle stream; default 15 s. */
  readonly heartbeatMs?: number;
}

/** The default heartbeat interval: 15 seconds. */
export const SSE_HEARTBEAT_MS = 15_000;

const encoder = new TextEncoder();

/** The wire form of an event; JSON never holds a raw newline, so `data` is one line. */
export function formatSseEvent({ event, data }: SseEvent): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** The `error` event sent when the source fails mid-stream: the code and message of known errors only. */
function errorEvent(error: unknown): SseEvent {
  const known = isOneCodeError(error) || error instanceof HttpError;
  return {
    event: "error",
    data: known
      ? { code: error.code, detail: error.message }
      : { code: "INTERNAL", detail: "An unexpected error occurred." },
  };
}

/**
 * A `text/event-stream` response of the events `source` yields. `source`
 * receives a signal that aborts when the client disconnects (or the stream
 * is cancelled), to stop whatever it watches. The first event is awaited
 * before the response exists, so a failure up front (a missing record)
 * still becomes a problem response; a failure later is sent as an `error`
 * event. A comment line goes out every `heartbeatMs`. The stream closes
 * after the source's last event.
 */
export async function sseResponse(
  source: (signal: AbortSignal) => AsyncIterable<SseEvent>,
  options: SseOptions = {},
): Promise<Response> {
  const stop = new AbortController();
  const abort = () => stop.abort();
  options.signal?.addEventListener("abort", abort, { once: true });
  const iterator = source(stop.signal)[Symbol.asyncIterator]();
  let first: IteratorResult<SseEvent>;
  try {
    first = await iterator.next();
  } catch (error) {
    options.signal?.removeEventListener("abort", abort);
    throw error;
  }

  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const finish = () => {
    if (closed) return false;
    closed = true;
    clearInterval(heartbeat);
    options.signal?.removeEventListener("abort", abort);
    stop.abort();
    return true;
  };

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (bytes: Uint8Array) => {
        if (!closed) controller.enqueue(bytes);
      };
      const end = () => {
        if (finish()) controller.close();
      };
      stop.signal.addEventListener("abort", end, { once: true });
      heartbeat = setInterval(
        () => send(encoder.encode(": heartbeat\n\n")),
        options.heartbeatMs ?? SSE_HEARTBEAT_MS,
      );
      const pump = async () => {
        try {
          for (let next = first; !next.done && !closed; next = await iterator.next()) {
            send(formatSseEvent(next.value));
          }
        } catch (error) {
          send(formatSseEvent(errorEvent(error)));
        } finally {
          end();
          await Promise.resolve(iterator.return?.()).catch(() => {});
        }
      };
      void pump();
    },
    cancel() {
      finish();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
