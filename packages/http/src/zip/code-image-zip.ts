import type { CodeRecord } from "@onecode/core";
import { streamZip, type ZipFileSource } from "./zip-writer.js";

/** Codes fetched (and turned into images) per page of an image ZIP. */
export const IMAGE_ZIP_PAGE_SIZE = 200;

/** What an image ZIP needs from core: pages of codes and each code's URL. */
export interface CodeImageSource {
  /** Codes after `afterSerial` in serial order, at most `limit`; `nextAfterSerial` null on the last page. */
  listCodes(
    afterSerial: number,
    limit: number,
  ): Promise<{ items: readonly CodeRecord[]; nextAfterSerial: number | null }>;
  /** The URL a code's QR encodes. */
  codeUrl(record: CodeRecord): Promise<string>;
}

/** A ZIP entry name part made of file-name-safe characters only. */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._~-]/g, "_").slice(0, 100) || "_";
}

/** `level/serial-code.ext`, the serial zero-padded to the width of the package's total. */
export function imageEntryName(record: CodeRecord, total: number, extension: string): string {
  const serial = String(record.serial).padStart(String(Math.max(total, 1)).length, "0");
  return `${record.level}/${serial}-${safeName(record.code)}.${extension}`;
}

/** Codes per page when only names are needed (the central directory pass). */
const NAME_PAGE_SIZE = 10_000;

async function* imagePages(
  source: CodeImageSource,
  pass: "content" | "directory",
  entry: (record: CodeRecord, url: string) => ZipFileSource,
): AsyncGenerator<ZipFileSource[]> {
  const limit = pass === "content" ? IMAGE_ZIP_PAGE_SIZE : NAME_PAGE_SIZE;
  let afterSerial: number | null = 0;
  while (afterSerial !== null) {
    const page = await source.listCodes(afterSerial, limit);
    const entries: ZipFileSource[] = [];
    for (const record of page.items) {
      // The directory pass reads names only: no URL lookups, no rendering.
      entries.push(entry(record, pass === "content" ? await source.codeUrl(record) : ""));
    }
    yield entries;
    afterSerial = page.nextAfterSerial;
  }
}

/**
 * The image package (图文码) as a streamed ZIP: one QR image per code,
 * named by level, serial and code. Codes are listed a page at a time and
 * each image is rendered only when the writer reaches its entry, so memory
 * holds one page of codes whatever the package size. PNGs are stored as
 * they are (they are compressed already); SVGs are deflated.
 */
export function codeImageZip(
  source: CodeImageSource,
  options: {
    readonly total: number;
    readonly format: "png" | "svg";
    readonly render: (url: string) => Uint8Array;
  },
): Promise<ReadableStream<Uint8Array>> {
  return streamZip((pass) =>
    imagePages(source, pass, (record, url) => ({
      name: imageEntryName(record, options.total, options.format),
      compress: options.format === "svg",
      open: () => options.render(url),
    })),
  );
}
