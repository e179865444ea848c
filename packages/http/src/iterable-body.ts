/** Bytes gathered before a chunk of a streamed body goes out: large enough to keep writes few. */
export const STREAM_CHUNK_BYTES = 64 * 1024;

const encoder = new TextEncoder();

function toBytes(piece: string | Uint8Array): Uint8Array {
  return typeof piece === "string" ? encoder.encode(piece) : piece;
}

/**
 * Awaits the first item of `source` and returns an iterable that yields it
 * again followed by the rest: errors a lazy source raises up front
 * (`NOT_FOUND`, `PACKAGE_NOT_READY`) surface here, before a response exists.
 */
export async function primed<T>(source: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  let replayed = false;
  const replaying: AsyncIterator<T> = {
    next() {
      if (replayed) return iterator.next();
      replayed = true;
      return Promise.resolve(first);
    },
    async return(value?: unknown) {
      return (await iterator.return?.(value)) ?? { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => replaying };
}

/**
 * Turns an async iterable of text or bytes (core's CSV export) into a
 * response body that pulls from it only as fast as the client reads, in
 * chunks of about {@link STREAM_CHUNK_BYTES}. The first piece is awaited
 * here, before any response exists, so an error the source raises up front
 * (`NOT_FOUND`, `PACKAGE_NOT_READY`) still becomes a problem response.
 * Cancelling the body (the client went away) stops the iteration.
 */
export async function primedByteStream(
  source: AsyncIterable<string | Uint8Array>,
): Promise<ReadableStream<Uint8Array>> {
  const iterator = (await primed(source))[Symbol.asyncIterator]();
  let pending: Uint8Array[] = [];
  let finished = false;

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let size = pending.reduce((sum, piece) => sum + piece.byteLength, 0);
        while (!finished && size < STREAM_CHUNK_BYTES) {
          const next = await iterator.next();
          if (next.done) {
            finished = true;
            break;
          }
          const bytes = toBytes(next.value);
          pending.push(bytes);
          size += bytes.byteLength;
        }
        if (size > 0) {
          const chunk = new Uint8Array(size);
          let offset = 0;
          for (const piece of pending) {
            chunk.set(piece, offset);
            offset += piece.byteLength;
          }
          pending = [];
          controller.enqueue(chunk);
        }
        if (finished) controller.close();
      },
      async cancel() {
        finished = true;
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
