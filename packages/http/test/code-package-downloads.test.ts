import { createOneCode, type OneCode } from "@onecode/core";
import pngjs from "pngjs";
import { describe, expect, it } from "vitest";
import {
  bodyBytes,
  createMerchant,
  createQuickRule,
  fetchRaw,
  generatePackage,
  singlePackage,
} from "./support/codes-fixtures.js";
import { expectedModules, modulesOfPath, modulesOfPng } from "./support/qr-check.js";
import { createTestApp, type TestApp } from "./support/test-app.js";
import { allElements, parseXml } from "./support/xml-check.js";
import { readZip } from "./support/zip-read.js";

const { PNG } = pngjs;
const PREFIX = "https://t.acme.example/c/";
const HEADER = "serial,level,code,url,parent_code";

function csvRows(text: string): string[][] {
  expect(text.endsWith("\r\n")).toBe(true);
  return text
    .slice(0, -2)
    .split("\r\n")
    .map((line) => line.split(","));
}

/** A three-level associated package (1 outer : 2 middle : 6 inner) of 2 outer units. */
async function threeLevelPackage(app: TestApp) {
  const merchantId = await createMerchant(app);
  const ruleId = await createQuickRule(app, merchantId);
  return generatePackage(app, {
    merchantId,
    codeType: "three-level",
    rules: { item: ruleId },
    ratio: { middlePerOuter: 2, innerPerOuter: 6 },
    quantity: 2,
  });
}

describe("text package downloads", () => {
  it("streams the CSV with a file name, every code once and each parent code", async () => {
    const app = createTestApp();
    const pkg = await threeLevelPackage(app);
    expect(pkg.total).toBe(18);
    const reply = await app.call("GET", `/v1/code-packages/${pkg.id}/codes.csv`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(reply.headers.get("content-disposition")).toBe(`attachment; filename="${pkg.id}.csv"`);
    expect(reply.headers.get("cache-control")).toBe("private, no-store");

    const [header, ...rows] = csvRows(reply.text);
    expect(header?.join(",")).toBe(HEADER);
    expect(rows).toHaveLength(18);
    expect(rows.map((row) => row[0])).toEqual(rows.map((_, i) => String(i + 1)));
    expect(new Set(rows.map((row) => row[2])).size).toBe(18);
    const bySerial = new Map(rows.map((row) => [row[0], row]));
    for (const [serial, level, code, url, parent] of rows) {
      expect(code).toMatch(/^[2-9A-HJ-NP-Za-km-z]{16}$/);
      expect(url).toBe(`${PREFIX}${code}`);
      const serialNumber = Number(serial);
      const offset = (serialNumber - 1) % 9;
      const expectedLevel =
        offset === 0 ? "outer" : offset === 1 || offset === 5 ? "middle" : "inner";
      expect(level, serial).toBe(expectedLevel);
      // Outer codes have no parent; a middle's parent is its outer; an inner's its middle.
      const expectedParent =
        level === "outer"
          ? ""
          : level === "middle"
            ? bySerial.get(String(serialNumber - offset))?.[2]
            : bySerial.get(String(serialNumber - offset + (offset < 5 ? 1 : 5)))?.[2];
      expect(parent, serial).toBe(expectedParent);
    }

    const inner = await app.call("GET", `/v1/code-packages/${pkg.id}/codes.csv?level=inner`);
    expect(inner.headers.get("content-disposition")).toBe(
      `attachment; filename="${pkg.id}-inner.csv"`,
    );
    const [, ...innerRows] = csvRows(inner.text);
    expect(innerRows).toHaveLength(12);
    expect(innerRows.every((row) => row[1] === "inner" && row[4] !== "")).toBe(true);
  });

  it("zips one deflated CSV per level, readable with yauzl", async () => {
    const app = createTestApp();
    const pkg = await threeLevelPackage(app);
    const response = await fetchRaw(app, `/v1/code-packages/${pkg.id}/codes.zip`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="${pkg.id}.zip"`,
    );
    expect(response.body).toBeInstanceOf(ReadableStream);
    const entries = await readZip(await bodyBytes(response));
    expect(entries.map((entry) => entry.name)).toEqual([
      `${pkg.id}-outer.csv`,
      `${pkg.id}-middle.csv`,
      `${pkg.id}-inner.csv`,
    ]);
    const full = csvRows((await app.call("GET", `/v1/code-packages/${pkg.id}/codes.csv`)).text);
    for (const [index, level] of ["outer", "middle", "inner"].entries()) {
      const entry = entries[index];
      expect(entry?.compressionMethod).toBe(8);
      const [header, ...rows] = csvRows(entry?.data.toString("utf8") ?? "");
      expect(header?.join(",")).toBe(HEADER);
      expect(rows).toEqual(full.filter((row) => row[1] === level));
    }
  });

  it("answers 409 PACKAGE_NOT_READY, not a broken file, while a job has not finished", async () => {
    const app = createTestApp({ onecode: createOneCode({ codes: { autoRun: false } }) });
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const started = await app.call("POST", "/v1/code-packages", {
      body: { merchantId, codeType: "single", rules: { item: ruleId }, quantity: 5 },
    });
    for (const path of ["codes.csv", "codes.zip", "images.zip", "codes/1.png", "sample.png"]) {
      const reply = await app.call("GET", `/v1/code-packages/${started.json.id}/${path}`);
      expect(reply.status, path).toBe(409);
      expect(reply.headers.get("content-type"), path).toBe("application/problem+json");
      expect(reply.json, path).toMatchObject({ code: "PACKAGE_NOT_READY" });
    }
  });

  it("streams the CSV: the first chunk arrives while most of the export is still unread", async () => {
    const base = createOneCode({ codes: { autoRun: true } });
    let pieces = 0;
    let finished = false;
    // The same OneCode, counting how far its CSV export has been pulled.
    const onecode: OneCode = {
      ...base,
      codePackages: {
        ...base.codePackages,
        async *exportCsv(ctx, id, options) {
          for await (const piece of base.codePackages.exportCsv(ctx, id, options)) {
            pieces++;
            yield piece;
          }
          finished = true;
        },
      },
    };
    const app = createTestApp({ onecode });
    const { pkg } = await singlePackage(app, 40_000);
    const response = await fetchRaw(app, `/v1/code-packages/${pkg.id}/codes.csv`);
    expect(response.body).toBeInstanceOf(ReadableStream);
    expect(response.headers.get("content-length")).toBeNull();
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).startsWith(`${HEADER}\r\n1,item,`)).toBe(true);
    // 40,000 lines come in pages of 10,000: only the header and the first page were pulled.
    expect(finished).toBe(false);
    expect(pieces).toBeLessThanOrEqual(2);
    let total = first.value?.byteLength ?? 0;
    let lines = 0;
    const decoder = new TextDecoder();
    lines += decoder.decode(first.value, { stream: true }).split("\r\n").length - 1;
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      total += next.value.byteLength;
      lines += decoder.decode(next.value, { stream: true }).split("\r\n").length - 1;
    }
    expect(finished).toBe(true);
    expect(lines).toBe(40_001);
    expect(total).toBeGreaterThan(40_000 * 40);
  });
});

describe("QR images", () => {
  it("renders one code's QR as PNG and SVG that hold exactly the QR of its URL", async () => {
    const app = createTestApp();
    const { pkg } = await singlePackage(app, 3);
    const listing = await app.call("GET", `/v1/code-packages/${pkg.id}/codes`);
    const code = listing.json.items[1].code as string;
    const url = `${PREFIX}${code}`;
    const expected = expectedModules(url);

    const png = await fetchRaw(app, `/v1/code-packages/${pkg.id}/codes/2.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("content-disposition")).toBe(`inline; filename="${pkg.id}-2.png"`);
    const pngBytes = await bodyBytes(png);
    expect(Number(png.headers.get("content-length"))).toBe(pngBytes.byteLength);
    const decoded = modulesOfPng(pngBytes, expected.length);
    expect(decoded.scale).toBe(8);
    expect(decoded.modules).toEqual(expected);
    const small = await bodyBytes(
      await fetchRaw(app, `/v1/code-packages/${pkg.id}/codes/2.png?scale=3`),
    );
    expect(modulesOfPng(small, expected.length)).toEqual({ modules: expected, scale: 3 });

    const svg = await app.call("GET", `/v1/code-packages/${pkg.id}/codes/2.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const root = parseXml(svg.text);
    expect(root.name).toBe("svg");
    expect(root.attributes.xmlns).toBe("http://www.w3.org/2000/svg");
    expect(root.attributes.viewBox).toBe(`0 0 ${expected.length + 8} ${expected.length + 8}`);
    const elements = allElements(root);
    expect(elements.find((element) => element.name === "title")?.text).toBe(url);
    const path = elements.find((element) => element.name === "path");
    expect(modulesOfPath(path?.attributes.d ?? "", expected.length)).toEqual(expected);
  });

  it("answers 404 past the last serial and 400 for a serial that is not a number", async () => {
    const app = createTestApp();
    const { pkg } = await singlePackage(app, 3);
    const past = await app.call("GET", `/v1/code-packages/${pkg.id}/codes/4.png`);
    expect(past.status).toBe(404);
    expect(past.json.details).toMatchObject({ kind: "code", field: "serial" });
    const zero = await app.call("GET", `/v1/code-packages/${pkg.id}/codes/0.svg`);
    expect(zero.status).toBe(400);
    expect(zero.json.errors).toEqual([
      expect.objectContaining({ field: "serial", rule: "minimum" }),
    ]);
    const text = await app.call("GET", `/v1/code-packages/${pkg.id}/codes/first.png`);
    expect(text.status).toBe(400);
    expect(text.json.errors).toEqual([expect.objectContaining({ field: "serial", rule: "type" })]);
    const scale = await app.call("GET", `/v1/code-packages/${pkg.id}/codes/1.png?scale=99`);
    expect(scale.json.errors).toEqual([
      expect.objectContaining({ field: "scale", rule: "maximum" }),
    ]);
    expect((await app.call("GET", `/v1/code-packages/${pkg.id}/codes/1.gif`)).status).toBe(404);
  });

  it("draws sample sheets of the first codes, with serials and codes under the QRs", async () => {
    const app = createTestApp();
    const { pkg } = await singlePackage(app, 30);
    const listing = await app.call("GET", `/v1/code-packages/${pkg.id}/codes?limit=30`);
    const codes = (listing.json.items as { code: string }[]).map((item) => item.code);

    const png = await fetchRaw(app, `/v1/code-packages/${pkg.id}/sample.png?count=7`);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    const image = PNG.sync.read(Buffer.from(await bodyBytes(png)));
    // Five columns and two rows of cells, on a white margin.
    expect(image.width).toBeGreaterThan(image.height);
    expect(image.data[0]).toBe(255);
    const darkShare =
      Array.from(
        { length: image.width * image.height },
        (_, i) => image.data[i * 4] as number,
      ).filter((value) => value < 128).length /
      (image.width * image.height);
    expect(darkShare).toBeGreaterThan(0.05);
    expect(darkShare).toBeLessThan(0.5);

    const svg = await app.call("GET", `/v1/code-packages/${pkg.id}/sample.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const elements = allElements(parseXml(svg.text));
    const texts = elements
      .filter((element) => element.name === "text")
      .map((element) => element.text);
    // The default count is 20; each code is wrapped to 16 characters per line.
    expect(texts.filter((text) => text.startsWith("No."))).toEqual(
      Array.from({ length: 20 }, (_, i) => `No.${i + 1}`),
    );
    expect(texts.filter((text) => !text.startsWith("No.")).join("")).toBe(
      codes.slice(0, 20).join(""),
    );
    const paths = elements.filter((element) => element.name === "path");
    expect(paths).toHaveLength(20);
    const size = expectedModules(`${PREFIX}${codes[0]}`).length;
    expect(modulesOfPath(paths[0]?.attributes.d ?? "", size)).toEqual(
      expectedModules(`${PREFIX}${codes[0]}`),
    );

    for (const count of ["0", "51", "x"]) {
      const reply = await app.call("GET", `/v1/code-packages/${pkg.id}/sample.svg?count=${count}`);
      expect(reply.status, count).toBe(400);
      expect(reply.json.errors[0].field).toBe("count");
    }
  });

  it("prints no serial on sample sheets of packages without serial numbers", async () => {
    const app = createTestApp();
    const { pkg } = await singlePackage(app, 2, { serials: false });
    const svg = await app.call("GET", `/v1/code-packages/${pkg.id}/sample.svg`);
    const texts = allElements(parseXml(svg.text)).filter((element) => element.name === "text");
    expect(texts).toHaveLength(2);
    expect(texts.some((element) => element.text.startsWith("No."))).toBe(false);
  });

  it("zips every code's image by level, serial and code: PNGs stored, SVGs deflated", async () => {
    const app = createTestApp();
    const merchantId = await createMerchant(app);
    const ruleId = await createQuickRule(app, merchantId);
    const pkg = await generatePackage(app, {
      merchantId,
      codeType: "two-level",
      rules: { item: ruleId },
      ratio: { innerPerOuter: 3 },
      quantity: 3,
    });
    const listing = await app.call("GET", `/v1/code-packages/${pkg.id}/codes`);
    const records = listing.json.items as { serial: number; level: string; code: string }[];

    const response = await fetchRaw(app, `/v1/code-packages/${pkg.id}/images.zip`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="${pkg.id}-images.zip"`,
    );
    const entries = await readZip(await bodyBytes(response));
    expect(entries.map((entry) => entry.name)).toEqual(
      records.map(
        (record) => `${record.level}/${String(record.serial).padStart(2, "0")}-${record.code}.png`,
      ),
    );
    for (const [index, entry] of entries.entries()) {
      expect(entry.compressionMethod).toBe(0);
      const url = `${PREFIX}${records[index]?.code}`;
      const expected = expectedModules(url);
      expect(modulesOfPng(entry.data, expected.length).modules).toEqual(expected);
    }

    const svgZip = await readZip(
      await bodyBytes(await fetchRaw(app, `/v1/code-packages/${pkg.id}/images.zip?format=svg`)),
    );
    expect(svgZip).toHaveLength(12);
    expect(
      svgZip.every((entry) => entry.name.endsWith(".svg") && entry.compressionMethod === 8),
    ).toBe(true);
    const title = allElements(parseXml(svgZip[0]?.data.toString("utf8") ?? "")).find(
      (element) => element.name === "title",
    );
    expect(title?.text).toBe(`${PREFIX}${records[0]?.code}`);
    expect(
      (await app.call("GET", `/v1/code-packages/${pkg.id}/images.zip?format=gif`)).status,
    ).toBe(400);
  });

  it("pages through larger packages for images.zip", async () => {
    const app = createTestApp();
    const { pkg } = await singlePackage(app, 450);
    const entries = await readZip(
      await bodyBytes(await fetchRaw(app, `/v1/code-packages/${pkg.id}/images.zip`)),
    );
    expect(entries).toHaveLength(450);
    expect(entries[0]?.name).toMatch(/^item\/001-[A-Za-z0-9]{16}\.png$/);
    expect(entries[449]?.name).toMatch(/^item\/450-/);
    expect(new Set(entries.map((entry) => entry.name)).size).toBe(450);
  });
});
