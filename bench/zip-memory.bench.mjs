// Memory and time of writing a ZIP of 1,000,000 small entries, the shape of
// a large image package (a name like `item/0000001-OC....png` and a stored
// entry per code), pulled by a reader that keeps nothing. One writer per run,
// so the figures are its own:
//   --writer hand-written  the package's own writer (packages/http/src/zip),
//                          bundled from source on the fly
//   --writer yazl | archiver | fflate   the streaming ZIP libraries weighed
//                          against it (issue 10, point 4)
// Options: --entries N (default 1,000,000), --bytes N per entry (default 64).
// Entries are offered a page of 1,000 at a time, only when the writer has
// reached the previous page, as a download offers them. The end records are
// decoded from the archive's last bytes to check the archive lists every
// entry (ZIP64 past 65,535). yazl's time grows with the square of the entry
// count (it looks for the next entry from the first one, every time): run it
// with --entries 100000 or less. Last line: JSON.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { numberOption } from "./support/bench-options.mjs";

const WRITERS = ["hand-written", "yazl", "archiver", "fflate"];
const args = process.argv.slice(2);
const writer = args.includes("--writer") ? args[args.indexOf("--writer") + 1] : "hand-written";
if (!WRITERS.includes(writer)) {
  console.error(`--writer must be one of ${WRITERS.join(", ")}, got ${writer}`);
  process.exit(2);
}
const entries = numberOption("--entries", 1_000_000);
const entryBytes = numberOption("--bytes", 64);
const PAGE = 1_000;

const width = String(entries).length;
const content = Buffer.alloc(entryBytes, 0x41);
const entryName = (index) =>
  `item/${String(index + 1).padStart(width, "0")}-OC${String(index).padStart(22, "x")}.png`;

/** The hand-written writer is internal to @onecode/http: bundle its source into a temporary module. */
async function handWritten() {
  const { build } = await import("esbuild");
  const folder = await mkdtemp(join(tmpdir(), "zip-memory-"));
  const outfile = join(folder, "zip-writer.mjs");
  await build({
    entryPoints: [
      fileURLToPath(new URL("../packages/http/src/zip/zip-writer.ts", import.meta.url)),
    ],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile,
    logLevel: "warning",
  });
  const { streamZip } = await import(pathToFileURL(outfile).href);
  await rm(folder, { recursive: true });
  return async function* () {
    const stream = await streamZip(async function* () {
      for (let start = 0; start < entries; start += PAGE) {
        const page = [];
        for (let i = start; i < Math.min(entries, start + PAGE); i++) {
          page.push({ name: entryName(i), compress: false, open: () => content });
        }
        yield page;
      }
    });
    yield* stream;
  };
}

/** Resolves once `count` reaches `at`: the writer has reached the last entry offered. */
function progress() {
  let count = 0;
  let waiting = null;
  return {
    step() {
      count++;
      if (waiting && count >= waiting.at) {
        const { resolve } = waiting;
        waiting = null;
        resolve();
      }
    },
    reached(at) {
      return count >= at
        ? Promise.resolve()
        : new Promise((resolve) => (waiting = { at, resolve }));
    },
  };
}

async function yazlWriter() {
  const { ZipFile } = (await import("yazl")).default;
  return async function* () {
    const zip = new ZipFile();
    const reached = progress();
    (async () => {
      for (let start = 0; start < entries; start += PAGE) {
        const end = Math.min(entries, start + PAGE);
        for (let i = start; i < end; i++) {
          zip.addReadStreamLazy(entryName(i), { compress: false }, (callback) => {
            reached.step();
            callback(null, Readable.from([content]));
          });
        }
        await reached.reached(end);
      }
      zip.end();
    })();
    yield* zip.outputStream;
  };
}

async function archiverWriter() {
  const { ZipArchive } = await import("archiver");
  return async function* () {
    const zip = new ZipArchive({ store: true });
    const reached = progress();
    zip.on("entry", () => reached.step());
    (async () => {
      for (let start = 0; start < entries; start += PAGE) {
        const end = Math.min(entries, start + PAGE);
        for (let i = start; i < end; i++) zip.append(content, { name: entryName(i) });
        await reached.reached(end);
      }
      await zip.finalize();
    })();
    yield* zip;
  };
}

async function fflateWriter() {
  const { Zip, ZipPassThrough } = await import("fflate");
  return async function* () {
    // fflate pushes through a callback; the reader takes what a page produced.
    let produced = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      produced.push(chunk);
    });
    for (let start = 0; start < entries; start += PAGE) {
      for (let i = start; i < Math.min(entries, start + PAGE); i++) {
        const file = new ZipPassThrough(entryName(i));
        zip.add(file);
        file.push(content, true);
      }
      yield* produced;
      produced = [];
    }
    zip.end();
    yield* produced;
  };
}

const write = await {
  "hand-written": handWritten,
  yazl: yazlWriter,
  archiver: archiverWriter,
  fflate: fflateWriter,
}[writer]();

/** Heap plus the memory behind Buffers and typed arrays, in bytes. */
const held = () => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

/** The entry count the end records give: ZIP64's when the classic field says 0xFFFF. */
function directoryEntries(tail) {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const end = tail.length - 22;
  if (view.getUint32(end, true) !== 0x06054b50) return null;
  const classic = view.getUint16(end + 10, true);
  if (classic !== 0xffff || view.getUint32(end - 20, true) !== 0x07064b50) return classic;
  return Number(view.getBigUint64(end - 20 - 56 + 32, true));
}

globalThis.gc?.();
const before = { held: held(), rss: process.memoryUsage().rss };
let peakHeld = before.held;
const sampler = setInterval(() => {
  peakHeld = Math.max(peakHeld, held());
}, 20);

const started = process.hrtime.bigint();
let bytes = 0;
let tail = Buffer.alloc(0);
for await (const chunk of write()) {
  bytes += chunk.length;
  tail = Buffer.concat([tail, chunk]).subarray(-200);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
peakHeld = Math.max(peakHeld, held());

const listed = directoryEntries(tail);
const result = {
  writer,
  entries,
  seconds: Number(seconds.toFixed(2)),
  archive_mb: Number((bytes / 1e6).toFixed(1)),
  directory_entries: listed,
  complete: listed === entries,
  heap_growth_mb: Math.round((peakHeld - before.held) / 1e6),
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  start_rss_mb: Math.round(before.rss / 1e6),
};
console.log(
  `${writer}: ${entries.toLocaleString("en-US")} entries in ${result.seconds} s, ` +
    `${result.archive_mb} MB; end records list ${listed?.toLocaleString("en-US")} entries`,
);
console.log(
  `heap + buffers grew ${result.heap_growth_mb} MB at peak; peak RSS ${result.peak_rss_mb} MB ` +
    `(${result.start_rss_mb} MB before writing)`,
);
console.log(JSON.stringify(result));
