import { describe, expect, it } from "vitest";
import { decodeLines, MAX_LINE_BYTES, streamChunks } from "../src/upload/line-decoder.js";

const encoder = new TextEncoder();

async function* chunksOf(...parts: (string | number[])[]): AsyncGenerator<Uint8Array> {
  for (const part of parts)
    yield typeof part === "string" ? encoder.encode(part) : new Uint8Array(part);
}

async function collect(source: AsyncIterable<string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of source) lines.push(line);
  return lines;
}

describe("decodeLines", () => {
  it("splits on LF and CRLF, keeps blank lines and a last line without newline", async () => {
    expect(await collect(decodeLines(chunksOf("a\r\nb\n\nc")))).toEqual(["a", "b", "", "c"]);
    expect(await collect(decodeLines(chunksOf("a\nb\n")))).toEqual(["a", "b"]);
    expect(await collect(decodeLines(chunksOf("")))).toEqual([]);
    expect(await collect(decodeLines(chunksOf("\n")))).toEqual([""]);
  });

  it("drops a leading byte-order mark only", async () => {
    expect(await collect(decodeLines(chunksOf("\uFEFFa\n\uFEFFb")))).toEqual(["a", "\uFEFFb"]);
    // A BOM split across chunks is still recognised.
    expect(await collect(decodeLines(chunksOf([0xef], [0xbb, 0xbf, 0x61])))).toEqual(["a"]);
  });

  it("joins lines and multi-byte characters split across chunks", async () => {
    const bytes = encoder.encode("码包\r\n一物一码\n");
    const parts = Array.from(bytes, (byte) => [byte]);
    expect(await collect(decodeLines(chunksOf(...parts)))).toEqual(["码包", "一物一码"]);
    expect(await collect(decodeLines(chunksOf("ab", "c\r", "\nd", "e")))).toEqual(["abc", "de"]);
  });

  it("names the line of invalid UTF-8 and of an overlong line", async () => {
    await expect(
      collect(decodeLines(chunksOf("ok\nfine\n", [0x41, 0xff, 0x0a]))),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: {
        issues: [{ field: "body", rule: "utf8", message: "body line 3 is not valid UTF-8 text" }],
      },
    });
    const long = "x".repeat(MAX_LINE_BYTES + 2);
    await expect(collect(decodeLines(chunksOf("a\n", long)))).rejects.toMatchObject({
      details: {
        issues: [
          expect.objectContaining({
            rule: "line_length",
            message: expect.stringContaining("line 2"),
          }),
        ],
      },
    });
    await expect(
      collect(decodeLines(chunksOf("a\n"), (line) => `entry "x.csv" line ${line}`)),
    ).resolves.toEqual(["a"]);
    await expect(
      collect(decodeLines(chunksOf([0xc3]), (line) => `entry "x.csv" line ${line}`)),
    ).rejects.toThrow('entry "x.csv" line 1 is not valid UTF-8 text');
  });

  it("reads a web stream and cancels it when iteration stops early", async () => {
    let cancelled = false;
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++;
          controller.enqueue(encoder.encode(`line ${pulled}\n`));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    for await (const line of decodeLines(streamChunks(stream))) {
      if (line === "line 3") break;
    }
    expect(cancelled).toBe(true);
    expect(pulled).toBe(3);
  });
});
