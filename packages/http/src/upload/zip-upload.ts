import { crc32 } from "node:zlib";
import { OneCodeError, type ValidationIssue } from "@onecode/core";
import { validationError } from "@onecode/core/adapter-kit";
import yauzl from "yauzl";
import { decodeLines } from "./line-decoder.js";

/** Most entries a ZIP upload may hold. */
export const MAX_ZIP_ENTRIES = 1000;

const TEXT_EXTENSIONS = /\.(csv|txt)$/i;
const ARCHIVE_EXTENSIONS = /\.(zip|jar|gz|tgz|tar|bz2|xz|7z|rar|zst)$/i;

/** One CSV file of a ZIP upload. */
export interface ZipCsvFile {
  /** The entry's path inside the archive. */
  readonly name: string;
  /** Its lines, decoded like a plain CSV upload; entry data is inflated as it is read. */
  lines(): AsyncIterable<string>;
}

/** Archive clutter that is skipped rather than refused: macOS resource forks and Finder files. */
function isClutter(name: string): boolean {
  return name.startsWith("__MACOSX/") || /(^|\/)\.DS_Store$/.test(name);
}

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    );
  });
}

async function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  const entries: yauzl.Entry[] = [];
  for await (const entry of zip.eachEntry()) entries.push(entry);
  return entries;
}

const issue = (rule: string, message: string): ValidationIssue => ({
  field: "body",
  rule,
  message,
});

/** Why an entry is refused, or `null` when it is a CSV file within the limits. */
function entryProblem(entry: yauzl.Entry, maxBytes: number): ValidationIssue | null {
  const name = JSON.stringify(entry.fileName);
  if (ARCHIVE_EXTENSIONS.test(entry.fileName)) {
    return issue(
      "zip_nested",
      `body entry ${name} is an archive; nested archives are not accepted`,
    );
  }
  if (!TEXT_EXTENSIONS.test(entry.fileName)) {
    return issue("zip_entry_type", `body entry ${name} is not a CSV file (.csv or .txt)`);
  }
  if (entry.isEncrypted()) {
    return issue("zip_encrypted", `body entry ${name} is encrypted`);
  }
  if (!entry.canDecodeFileData()) {
    return issue("zip_compression", `body entry ${name} uses an unsupported compression method`);
  }
  if (entry.uncompressedSize > maxBytes) {
    return issue("zip_entry_size", `body entry ${name} expands beyond ${maxBytes} bytes`);
  }
  return null;
}

/**
 * Opens a ZIP upload held in memory and checks its directory before any
 * content is read: every file must be a `.csv` or `.txt` entry, unencrypted,
 * not itself an archive, and all of them together may expand to at most
 * `maxBytes` (entry sizes are verified while inflating, so a forged size
 * cannot smuggle in more). Directories and macOS clutter are skipped. Any
 * breach throws one `VALIDATION_FAILED` naming every offending entry.
 */
export async function zipCsvFiles(bytes: Uint8Array, maxBytes: number): Promise<ZipCsvFile[]> {
  let zip: yauzl.ZipFile;
  let entries: yauzl.Entry[];
  try {
    zip = await openZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (zip.entryCount > MAX_ZIP_ENTRIES) {
      throw validationError([
        issue("zip_entries", `body must hold at most ${MAX_ZIP_ENTRIES} ZIP entries`),
      ]);
    }
    entries = await readEntries(zip);
  } catch (error) {
    if (error instanceof Error && error.name === "OneCodeError") throw error;
    throw validationError([issue("zip", "body is not a readable ZIP archive")]);
  }
  const files = entries.filter(
    (entry) => !entry.fileName.endsWith("/") && !isClutter(entry.fileName),
  );
  const problems = files.flatMap((entry) => entryProblem(entry, maxBytes) ?? []);
  const total = files.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (problems.length === 0 && total > maxBytes) {
    problems.push(issue("zip_total_size", `body entries expand beyond ${maxBytes} bytes in total`));
  }
  if (problems.length === 0 && files.length === 0) {
    problems.push(issue("zip_empty", "body must hold at least one CSV file"));
  }
  if (problems.length > 0) throw validationError(problems);

  return files.map((entry) => ({
    name: entry.fileName,
    lines: () => entryLines(zip, entry),
  }));
}

/**
 * `UPLOAD_REJECTED` for an entry whose content does not match its CRC-32:
 * the file was damaged, so none of it is imported. Named by `file`, with
 * line 0 (the entry as a whole).
 */
function crcMismatch(entry: yauzl.Entry): OneCodeError<"UPLOAD_REJECTED"> {
  const message = `${entry.fileName}: the content does not match the entry's CRC-32; the ZIP is damaged`;
  return new OneCodeError("UPLOAD_REJECTED", `the ZIP upload was rejected: ${message}`, {
    errorCount: 1,
    errors: [{ line: 0, file: entry.fileName, rule: "zip_crc", message }],
  });
}

async function* entryChunks(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncGenerator<Uint8Array> {
  const name = JSON.stringify(entry.fileName);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch {
    throw validationError([issue("zip_entry_corrupt", `body entry ${name} cannot be read`)]);
  }
  // yauzl does not check CRC-32s; the running checksum of the inflated data is compared at the end.
  let crc = 0;
  try {
    for await (const chunk of stream) {
      crc = crc32(chunk as Buffer, crc);
      yield chunk as Buffer;
    }
  } catch (error) {
    if (error instanceof Error && error.name === "OneCodeError") throw error;
    throw validationError([issue("zip_entry_corrupt", `body entry ${name} is corrupt`)]);
  } finally {
    (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
  }
  if (crc !== entry.crc32) throw crcMismatch(entry);
}

function entryLines(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncIterable<string> {
  const name = JSON.stringify(entry.fileName);
  return decodeLines(entryChunks(zip, entry), (line) => `body entry ${name} line ${line}`);
}
