// Why a writer of our own rather than a ZIP library: the image package of a
// 1,000,000-code job is a 1,000,000-entry archive, and `npm run bench --
// zip-memory` (bench/zip-memory.bench.mjs) measured the streaming libraries on
// exactly that. yazl 3.3.1 keeps an object per entry (120 MB of heap at
// 100,000) and looks for the next entry from the first one every time, so its
// time grows with the square of the entry count (three minutes for 100,000
// entries, hours for 1,000,000; the open yazl pull request #91 would make it
// linear, the memory would stay) and writes the whole central directory into
// its output at once; archiver 8.0.0 grows by about 6 KB of RSS per
// entry (750 MB at 100,000, 1.3 GB at 200,000); fflate 0.8.3 writes no
// ZIP64 end records (its 1,000,000-entry archive lists 16,960 entries) and
// keeps every entry until it builds the central directory as one buffer (1.3
// GB of heap and buffers at 1,000,000). This writer keeps 14 bytes per entry:
// its heap and buffers grow by about 30 MB at 1,000,000 entries.
import { once } from "node:events";
import { crc32, createDeflateRaw } from "node:zlib";
import { EntryTable } from "./entry-table.js";
import {
  centralHeader,
  DATA_DESCRIPTOR_LENGTH,
  dataDescriptor,
  dosDateTime,
  type EntryFields,
  endRecords,
  localHeader,
  localHeaderLength,
  MAX_32,
} from "./zip-records.js";

/** One file of a streamed ZIP: its path and a function that produces its bytes when its turn comes. */
export interface ZipFileSource {
  readonly name: string;
  /** Deflate the entry (text) or store it as is (PNG, already compressed). */
  readonly compress: boolean;
  /** Called only when the writer reaches this entry, so nothing is produced ahead of the reader. */
  open(): AsyncIterable<Uint8Array> | Uint8Array;
}

/**
 * The archive's files page by page. Called twice: once for the contents
 * (`"content"`), once more for the central directory (`"directory"`), where
 * only the names are read, in the same order. Sources may skip expensive
 * work (URLs, rendering) on the second pass.
 */
export type ZipPages = (pass: "content" | "directory") => AsyncIterable<readonly ZipFileSource[]>;

const encoder = new TextEncoder();
/** Central directory headers are gathered into writes of about this many bytes. */
const DIRECTORY_BATCH_BYTES = 64 * 1024;

/** Lets other requests' I/O run between entries: rendering images is CPU work. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A ZIP archive written while the response streams. Entries use data
 * descriptors, so their CRC and sizes need no look-ahead; each entry's bytes
 * are produced only when the reader gets to it. Memory stays flat: per entry
 * the writer keeps 14 bytes ({@link EntryTable}) and reads the names again
 * for the central directory. ZIP64 end records are written past 65,535
 * entries or 4 GiB; single entries must stay below 4 GiB.
 *
 * The first page is fetched before the stream exists, so an error raised up
 * front becomes a problem response; a later error aborts the stream (the
 * client sees a truncated download, never a silently incomplete archive).
 * Cancelling the stream stops pulling pages.
 */
export async function streamZip(
  pages: ZipPages,
  options: { readonly mtime?: Date } = {},
): Promise<ReadableStream<Uint8Array>> {
  const content = pages("content")[Symbol.asyncIterator]();
  const first = await content.next();
  const chunks = archive(first, content, pages, dosDateTime(options.mtime ?? new Date()));
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

async function* archive(
  first: IteratorResult<readonly ZipFileSource[]>,
  content: AsyncIterator<readonly ZipFileSource[]>,
  pages: ZipPages,
  stamp: { time: number; date: number },
): AsyncGenerator<Uint8Array, void, undefined> {
  const table = new EntryTable();
  let offset = 0;
  try {
    for (let page = first; !page.done; page = await content.next()) {
      for (const file of page.value) {
        await nextTurn();
        const entry: EntryFields = {
          name: encoder.encode(file.name),
          method: file.compress ? 8 : 0,
          ...stamp,
        };
        const header = localHeader(entry);
        yield header;
        const sizes = { crc: 0, compressedSize: 0, size: 0 };
        yield* entryData(file, sizes);
        if (sizes.compressedSize >= MAX_32 || sizes.size >= MAX_32) {
          throw new RangeError(`ZIP entry ${file.name} must stay below 4 GiB`);
        }
        yield dataDescriptor(sizes.crc, sizes.compressedSize, sizes.size);
        table.push(sizes.crc, sizes.compressedSize, sizes.size, entry.name.length);
        offset += header.length + sizes.compressedSize + DATA_DESCRIPTOR_LENGTH;
      }
    }
  } finally {
    await content.return?.();
  }
  yield* centralDirectory(table, pages, stamp, offset);
}

/** The entry's bytes, stored or deflated, measuring CRC-32 and sizes on the way. */
async function* entryData(
  file: ZipFileSource,
  sizes: { crc: number; compressedSize: number; size: number },
): AsyncGenerator<Uint8Array, void, undefined> {
  const opened = file.open();
  const source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> =
    opened instanceof Uint8Array ? [opened] : opened;
  if (!file.compress) {
    for await (const chunk of source) {
      sizes.crc = crc32(chunk, sizes.crc);
      sizes.size += chunk.length;
      sizes.compressedSize += chunk.length;
      yield chunk;
    }
    return;
  }
  const deflate = createDeflateRaw();
  const feed = (async () => {
    for await (const chunk of source) {
      sizes.crc = crc32(chunk, sizes.crc);
      sizes.size += chunk.length;
      if (!deflate.write(chunk)) await once(deflate, "drain");
    }
    deflate.end();
  })().catch((error: unknown) =>
    deflate.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  try {
    for await (const out of deflate as AsyncIterable<Buffer>) {
      sizes.compressedSize += out.length;
      yield new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    }
    await feed;
  } finally {
    deflate.destroy();
  }
}

/** The central directory from the table, with the names read again page by page, then the end records. */
async function* centralDirectory(
  table: EntryTable,
  pages: ZipPages,
  stamp: { time: number; date: number },
  directoryOffset: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  let index = 0;
  let entryOffset = 0;
  let directorySize = 0;
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  for await (const page of pages("directory")) {
    for (const file of page) {
      if (index >= table.count)
        throw new Error("ZIP directory pass listed more files than were written");
      const name = encoder.encode(file.name);
      const written = table.get(index);
      if (name.length !== written.nameLength) {
        throw new Error(`ZIP directory pass listed ${file.name} where another file was written`);
      }
      const header = centralHeader({
        name,
        method: file.compress ? 8 : 0,
        ...stamp,
        ...written,
        offset: entryOffset,
      });
      entryOffset +=
        localHeaderLength(name.length) + written.compressedSize + DATA_DESCRIPTOR_LENGTH;
      batch.push(header);
      batchBytes += header.length;
      directorySize += header.length;
      index++;
      if (batchBytes >= DIRECTORY_BATCH_BYTES) {
        yield concat(batch, batchBytes);
        batch = [];
        batchBytes = 0;
      }
    }
  }
  if (index !== table.count)
    throw new Error("ZIP directory pass listed fewer files than were written");
  batch.push(endRecords(table.count, directorySize, directoryOffset));
  yield concat(batch, batchBytes + (batch.at(-1) as Uint8Array).length);
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
