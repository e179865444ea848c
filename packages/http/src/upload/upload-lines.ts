import { isOneCodeError, OneCodeError } from "@onecode/core";
import type { RawRequestBody } from "../read-raw-body.js";
import { decodeLines, streamChunks } from "./line-decoder.js";
import { type ZipCsvFile, zipCsvFiles } from "./zip-upload.js";

/** The media types an upload of codes may be sent as. */
export const UPLOAD_MEDIA_TYPES = ["text/csv", "text/plain", "application/zip"] as const;

/** Where the lines of a ZIP's files start in the one sequence core numbers. */
interface FileSpan {
  readonly file: string;
  /** The sequence number (1-based) of the file's first line passed on. */
  readonly start: number;
  /** That line's number within the file (2 when a repeated header was dropped). */
  readonly firstLine: number;
}

/**
 * The lines of several CSV files as one sequence, recording where each file
 * starts. A later file whose first line repeats the first file's first line
 * (the shared header row of exported CSVs, which holds no URL) has that line
 * dropped, so one header heads the whole sequence.
 */
async function* concatenate(
  files: readonly ZipCsvFile[],
  spans: FileSpan[],
): AsyncGenerator<string> {
  let header: string | undefined;
  let emitted = 0;
  for (const file of files) {
    let lineInFile = 0;
    for await (const line of file.lines()) {
      lineInFile++;
      if (lineInFile === 1) {
        if (header === undefined) header = line;
        else if (line === header && !line.includes("://")) continue;
      }
      if (spans.at(-1)?.file !== file.name) {
        spans.push({ file: file.name, start: emitted + 1, firstLine: lineInFile });
      }
      emitted++;
      yield line;
    }
  }
}

/** Turns a sequence line number back into its file and line within it. */
function locate(spans: readonly FileSpan[], line: number): { file: string; line: number } | null {
  let found: FileSpan | undefined;
  for (const span of spans) {
    if (span.start > line) break;
    found = span;
  }
  return found ? { file: found.file, line: found.firstLine + (line - found.start) } : null;
}

/** Rewrites core's "line <n>:" phrases to name the ZIP entry and the line within it. */
function relabelText(text: string, spans: readonly FileSpan[]): string {
  return text.replace(/\bline (\d+):/g, (phrase, line: string) => {
    const where = locate(spans, Number(line));
    return where ? `${where.file} line ${where.line}:` : phrase;
  });
}

/** `UPLOAD_REJECTED` with each line number replaced by the ZIP entry and the line in it. */
function relabel(
  error: OneCodeError<"UPLOAD_REJECTED">,
  spans: readonly FileSpan[],
): OneCodeError<"UPLOAD_REJECTED"> {
  const mapped = error.details.errors.map((entry) => {
    const where = locate(spans, entry.line);
    return where ? { ...entry, ...where, message: relabelText(entry.message, spans) } : entry;
  });
  return new OneCodeError(
    "UPLOAD_REJECTED",
    relabelText(error.message, spans),
    { ...error.details, errors: mapped },
    { cause: error },
  );
}

/**
 * Decodes an uploaded file into lines and hands them to `importLines` (core's
 * `codePackages.upload`). A CSV (or plain text) body is decoded while it
 * streams in; a ZIP body is read into memory (within the upload limit),
 * checked entry by entry, and its CSV files are inflated one after the other
 * as core consumes the lines. For ZIPs, the line numbers of an
 * `UPLOAD_REJECTED` error are translated back to the entry (`file`) and the
 * line within it.
 */
export async function importUploadedLines<T>(
  body: RawRequestBody,
  importLines: (lines: AsyncIterable<string>) => Promise<T>,
): Promise<T> {
  if (body.mediaType !== "application/zip") {
    return importLines(decodeLines(streamChunks(body.stream())));
  }
  const files = await zipCsvFiles(await body.bytes(), body.maxBytes);
  const spans: FileSpan[] = [];
  try {
    return await importLines(concatenate(files, spans));
  } catch (error) {
    throw isOneCodeError(error, "UPLOAD_REJECTED") ? relabel(error, spans) : error;
  }
}
