import { invalidField } from "@onecode/core/adapter-kit";

/** Longest accepted line of an uploaded file, in bytes: far above any code URL. */
export const MAX_LINE_BYTES = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

/** Where a line came from, for error messages: the file (ZIP entry) and its 1-based line. */
type LineLabel = (line: number) => string;

const plainLabel: LineLabel = (line) => `body line ${line}`;

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/**
 * Splits UTF-8 bytes into lines as they arrive: `\n` or `\r\n` ends a line, a
 * leading byte-order mark is dropped, and a final line without a newline
 * still counts. Lines are split on bytes before decoding (a `\n` byte never
 * occurs inside a multi-byte UTF-8 sequence), so invalid UTF-8 is reported
 * with its line number. Blank lines are kept, so line numbers stay those of
 * the file. Throws `VALIDATION_FAILED` (field `body`) for invalid UTF-8 and
 * for lines longer than {@link MAX_LINE_BYTES}.
 */
export async function* decodeLines(
  chunks: AsyncIterable<Uint8Array>,
  label: LineLabel = plainLabel,
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;

  const decode = (bytes: Uint8Array): string => {
    lineNumber++;
    let start = 0;
    if (lineNumber === 1 && BOM.every((byte, i) => bytes[i] === byte)) start = BOM.length;
    let end = bytes.byteLength;
    if (end > start && bytes[end - 1] === CR) end--;
    try {
      return decoder.decode(bytes.subarray(start, end));
    } catch {
      throw invalidField("body", "utf8", `${label(lineNumber)} is not valid UTF-8 text`);
    }
  };
  const tooLong = () =>
    invalidField(
      "body",
      "line_length",
      `${label(lineNumber + 1)} is longer than ${MAX_LINE_BYTES} bytes`,
    );

  for await (const chunk of chunks) {
    let start = 0;
    for (let index = chunk.indexOf(LF); index !== -1; index = chunk.indexOf(LF, start)) {
      const piece = chunk.subarray(start, index);
      if (pendingBytes + piece.byteLength > MAX_LINE_BYTES + 1) throw tooLong();
      yield decode(concat([...pending, piece], pendingBytes + piece.byteLength));
      pending = [];
      pendingBytes = 0;
      start = index + 1;
    }
    if (start < chunk.byteLength) {
      // Copied: the producer may reuse its chunk buffers.
      const rest = chunk.slice(start);
      pendingBytes += rest.byteLength;
      if (pendingBytes > MAX_LINE_BYTES + 1) throw tooLong();
      pending.push(rest);
    }
  }
  if (pendingBytes > 0) yield decode(concat(pending, pendingBytes));
}

/** A web stream as an async iterable that cancels the stream when iteration stops early. */
export async function* streamChunks(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
