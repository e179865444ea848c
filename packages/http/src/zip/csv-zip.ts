import { streamZip, type ZipFileSource } from "./zip-writer.js";

const encoder = new TextEncoder();

async function* encoded(text: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  for await (const piece of text) yield encoder.encode(piece);
}

/** One CSV file of a ZIP: its name and its text, produced when the writer reaches it. */
export interface CsvFile {
  readonly name: string;
  csv(): AsyncIterable<string>;
}

/**
 * A ZIP of CSV files (deflated), streamed: each file's text is pulled only
 * while the writer writes that entry, so at most one page of CSV is in memory.
 */
export function csvZip(files: readonly CsvFile[]): Promise<ReadableStream<Uint8Array>> {
  const entries: ZipFileSource[] = files.map((file) => ({
    name: file.name,
    compress: true,
    open: () => encoded(file.csv()),
  }));
  return streamZip(async function* () {
    yield entries;
  });
}
