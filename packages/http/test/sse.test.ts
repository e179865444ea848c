import { OneCodeError } from "@onecode/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatSseEvent, type SseEvent, sseResponse } from "../src/sse.js";

const decoder = new TextDecoder();

/** An async iterable whose first step fails. */
function failing<T>(error: Error): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("sseResponse", () => {
  it("writes each event as one event/data pair and closes after the last", async () => {
    const response = await sseResponse(async function* () {
      yield { event: "progress", data: { done: 1, note: "line\nbreak" } };
      yield { event: "done", data: { done: 2 } };
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(await response.text()).toBe(
      'event: progress\ndata: {"done":1,"note":"line\\nbreak"}\n\nevent: done\ndata: {"done":2}\n\n',
    );
    expect(decoder.decode(formatSseEvent({ event: "x", data: null }))).toBe(
      "event: x\ndata: null\n\n",
    );
  });

  it("throws an error raised before the first event, so it becomes a problem response", async () => {
    await expect(
      sseResponse(() =>
        failing<SseEvent>(
          new OneCodeError("NOT_FOUND", "code package x was not found", {
            kind: "code package",
            id: "x",
          }),
        ),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("ends with an error event when the source fails later, without internals", async () => {
    const known = await sseResponse(async function* () {
      yield { event: "progress", data: 1 };
      throw new OneCodeError("NOT_FOUND", "gone", { kind: "code package", id: "x" });
    });
    expect(await known.text()).toBe(
      'event: progress\ndata: 1\n\nevent: error\ndata: {"code":"NOT_FOUND","detail":"gone"}\n\n',
    );
    const unknown = await sseResponse(async function* () {
      yield { event: "progress", data: 1 };
      throw new Error("database password is hunter2");
    });
    const text = await unknown.text();
    expect(text).toContain('"code":"INTERNAL"');
    expect(text).not.toContain("hunter2");
  });

  it("sends a heartbeat comment while the source is idle", async () => {
    vi.useFakeTimers();
    let release: () => void = () => {};
    const response = await sseResponse(
      async function* () {
        yield { event: "progress", data: 0 };
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        yield { event: "done", data: 1 };
      },
      { heartbeatMs: 15_000 },
    );
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect(decoder.decode((await reader.read()).value)).toBe("event: progress\ndata: 0\n\n");
    await vi.advanceTimersByTimeAsync(15_000);
    expect(decoder.decode((await reader.read()).value)).toBe(": heartbeat\n\n");
    await vi.advanceTimersByTimeAsync(15_000);
    expect(decoder.decode((await reader.read()).value)).toBe(": heartbeat\n\n");
    release();
    expect(decoder.decode((await reader.read()).value)).toBe("event: done\ndata: 1\n\n");
    expect((await reader.read()).done).toBe(true);
    // No timer is left behind once the stream closed.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stops the source and closes when the request signal aborts or the body is cancelled", async () => {
    for (const how of ["abort", "cancel"] as const) {
      const client = new AbortController();
      let sourceSignal: AbortSignal | undefined;
      let finished = false;
      const response = await sseResponse(
        async function* (signal) {
          sourceSignal = signal;
          try {
            yield { event: "progress", data: 0 };
            await new Promise((resolve) => signal.addEventListener("abort", resolve));
          } finally {
            finished = true;
          }
        },
        { signal: client.signal },
      );
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      if (how === "abort") {
        client.abort();
        expect((await reader.read()).done).toBe(true);
      } else {
        await reader.cancel();
      }
      expect(sourceSignal?.aborted, how).toBe(true);
      await vi.waitFor(() => expect(finished, how).toBe(true));
    }
  });
});
