import { HttpError } from "./http-error.js";

/** The essence (`type/subtype`, lower case) and charset of a `Content-Type` header. */
export interface MediaType {
  readonly essence: string;
  /** Lower-cased, unquoted; `null` when absent. */
  readonly charset: string | null;
}

/** Parses a `Content-Type` header; `null` when absent or empty. */
export function parseMediaType(contentType: string | null): MediaType | null {
  if (!contentType) return null;
  const [essence = "", ...parameters] = contentType.split(";").map((part) => part.trim());
  if (essence === "") return null;
  let charset: string | null = null;
  for (const parameter of parameters) {
    const [name = "", value = ""] = parameter.split("=").map((part) => part.trim().toLowerCase());
    if (name === "charset") charset = value.replaceAll('"', "");
  }
  return { essence: essence.toLowerCase(), charset };
}

/** The `413 PAYLOAD_TOO_LARGE` error of a body past `maxBytes`. */
export function tooLarge(maxBytes: number): HttpError {
  return new HttpError(
    "PAYLOAD_TOO_LARGE",
    `The request body exceeds the limit of ${maxBytes} bytes`,
    {
      details: { limit: maxBytes },
      issues: [
        { field: "body", rule: "max_bytes", message: `body must be at most ${maxBytes} bytes` },
      ],
    },
  );
}

/** Throws {@link tooLarge} when the request announces a `Content-Length` above `maxBytes`. */
export function checkDeclaredLength(request: Request, maxBytes: number): void {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    throw tooLarge(maxBytes);
  }
}

/**
 * The request body as a stream that errors with {@link tooLarge} (and cancels
 * the source) as soon as more than `maxBytes` arrived, so a chunked body
 * without `Content-Length` cannot exhaust memory or disk.
 */
export function limitedBodyStream(request: Request, maxBytes: number): ReadableStream<Uint8Array> {
  checkDeclaredLength(request, maxBytes);
  const source = request.body;
  if (source === null) return new ReadableStream({ start: (controller) => controller.close() });
  const reader = source.getReader();
  let total = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        total += value.byteLength;
        if (total > maxBytes) {
          reader.cancel().catch(() => {});
          controller.error(tooLarge(maxBytes));
          return;
        }
        controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Reads the whole body of `request`, at most `maxBytes` of it: refused with
 * {@link tooLarge} on the announced length, or as soon as more arrived (the
 * source is then cancelled). Reads the body's own reader, without a
 * wrapping stream, since small JSON bodies are read on every write.
 */
export async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  checkDeclaredLength(request, maxBytes);
  const source = request.body;
  if (source === null) return new Uint8Array(0);
  const reader = source.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
