import type { CodeRecord } from "@onecode/core";
import { describe, expect, it, vi } from "vitest";
import { codeImageZip, IMAGE_ZIP_PAGE_SIZE, imageEntryName } from "../src/zip/code-image-zip.js";
import { csvZip } from "../src/zip/csv-zip.js";
import { streamZip, type ZipFileSource } from "../src/zip/zip-writer.js";
import { readZip } from "./support/zip-read.js";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function record(serial: number): CodeRecord {
  return {
    tenantId: "acme",
    code: `C${serial}`,
    packageId: "pkg_1",
    serial,
    level: "item",
    parentSerial: null,
    url: null,
  };
}

/** A fake core listing `total` codes, counting what was asked of it. */
function fakeSource(total: number) {
  const calls = { pages: 0, urls: 0 };
  return {
    calls,
    source: {
      async listCodes(afterSerial: number, limit: number) {
        calls.pages++;
        const items: CodeRecord[] = [];
        for (
          let serial = afterSerial + 1;
          serial <= Math.min(total, afterSerial + limit);
          serial++
        ) {
          items.push(record(serial));
        }
        const last = items.at(-1)?.serial ?? afterSerial;
        return { items, nextAfterSerial: last < total ? last : null };
      },
      async codeUrl(code: CodeRecord) {
        calls.urls++;
        return `https://t.example/c/${code.code}`;
      },
    },
  };
}

describe("streamZip", () => {
  it("writes many entries in linear time into a ZIP64 archive yauzl reads back", async () => {
    const count = 70_000;
    async function* pages() {
      for (let start = 0; start < count; start += 1000) {
        yield Array.from({ length: 1000 }, (_, i): ZipFileSource => {
          const n = start + i;
          return {
            name: `f/${n}.txt`,
            compress: false,
            open: () => new TextEncoder().encode(String(n)),
          };
        });
      }
    }
    const started = performance.now();
    const entries = await readZip(await readAll(await streamZip(pages)));
    expect(performance.now() - started).toBeLessThan(20_000);
    // More than 65,535 entries need ZIP64's end records: yauzl reads them all.
    expect(entries).toHaveLength(count);
    expect(entries[count - 1]).toMatchObject({ name: `f/${count - 1}.txt` });
    expect(entries[count - 1]?.data.toString()).toBe(String(count - 1));
  }, 60_000);

  it("produces entry content only when the reader gets to it, and stops when cancelled", async () => {
    const { source, calls } = fakeSource(10_000);
    const render = vi.fn((url: string) => new TextEncoder().encode(url.padEnd(2000, " ")));
    const stream = await codeImageZip(source, { total: 10_000, format: "png", render });
    const reader = stream.getReader();
    let received = 0;
    while (received < 50_000) received += (await reader.read()).value?.byteLength ?? 0;
    // About 25 images read: at most two pages were listed and few images rendered ahead.
    expect(calls.pages).toBeLessThanOrEqual(2);
    expect(render.mock.calls.length).toBeLessThan(IMAGE_ZIP_PAGE_SIZE);
    await reader.cancel();
    const pagesAtCancel = calls.pages;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.pages).toBe(pagesAtCancel);
    expect(render.mock.calls.length).toBeLessThan(IMAGE_ZIP_PAGE_SIZE * 2);
  });

  it("names images by level, padded serial and a file-safe code", () => {
    expect(imageEntryName(record(7), 1000, "png")).toBe("item/0007-C7.png");
    expect(imageEntryName({ ...record(1), code: "a/b?c", level: "outer" }, 9, "svg")).toBe(
      "outer/1-a_b_c.svg",
    );
  });

  it("fails the stream, rather than ending it cleanly, when a later page fails", async () => {
    async function* pages(): AsyncGenerator<ZipFileSource[]> {
      yield [{ name: "a.txt", compress: true, open: () => new TextEncoder().encode("a") }];
      throw new Error("storage went away");
    }
    const stream = await streamZip(pages);
    await expect(readAll(stream)).rejects.toThrow();
  });

  it("raises an error of the first page before any stream exists", async () => {
    const pages: AsyncIterable<ZipFileSource[]> = {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("not ready")) }),
    };
    await expect(streamZip(() => pages)).rejects.toThrow("not ready");
  });

  it("keeps only 14 bytes per entry: names are read again for the central directory", async () => {
    const passes: string[] = [];
    async function* pages(pass: "content" | "directory") {
      passes.push(pass);
      yield [
        {
          name: "α/ünïcode.txt",
          compress: true,
          open: () => new TextEncoder().encode("x".repeat(5000)),
        },
        { name: "b.bin", compress: false, open: () => new Uint8Array([1, 2, 3]) },
      ];
    }
    const entries = await readZip(await readAll(await streamZip(pages)));
    expect(passes).toEqual(["content", "directory"]);
    expect(
      entries.map((entry) => [entry.name, entry.compressionMethod, entry.data.length]),
    ).toEqual([
      ["α/ünïcode.txt", 8, 5000],
      ["b.bin", 0, 3],
    ]);
  });

  it("refuses a directory pass that lists other files than were written", async () => {
    async function* pages(pass: "content" | "directory") {
      yield [
        {
          name: pass === "content" ? "a.txt" : "longer-name.txt",
          compress: false,
          open: () => new Uint8Array(1),
        },
      ];
    }
    await expect(readAll(await streamZip(pages))).rejects.toThrow(/directory pass/);
  });

  it("deflates CSV files, pulling each only while it is written", async () => {
    const pulled: string[] = [];
    async function* csv(name: string) {
      pulled.push(name);
      yield "serial,level\r\n";
      yield "1,item\r\n";
    }
    const stream = await csvZip([
      { name: "a.csv", csv: () => csv("a") },
      { name: "b.csv", csv: () => csv("b") },
    ]);
    expect(pulled).toEqual([]);
    const entries = await readZip(await readAll(stream));
    expect(
      entries.map((entry) => [entry.name, entry.compressionMethod, entry.data.toString()]),
    ).toEqual([
      ["a.csv", 8, "serial,level\r\n1,item\r\n"],
      ["b.csv", 8, "serial,level\r\n1,item\r\n"],
    ]);
    expect(pulled).toEqual(["a", "b"]);
  });
});
