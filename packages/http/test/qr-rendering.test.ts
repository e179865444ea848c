import pngjs from "pngjs";
import { describe, expect, it } from "vitest";
import {
  FONT_CHARACTERS,
  GLYPH_HEIGHT,
  GLYPH_WIDTH,
  glyphOf,
  hasGlyph,
  textWidth,
} from "../src/qr/bitmap-font.js";
import { qrPng } from "../src/qr/qr-png.js";
import { qrSvg } from "../src/qr/qr-svg.js";
import { GrayRaster } from "../src/qr/raster.js";
import { layoutSampleSheet } from "../src/qr/sample-sheet-layout.js";
import { sampleSheetPng } from "../src/qr/sample-sheet-png.js";
import { sampleSheetSvg } from "../src/qr/sample-sheet-svg.js";
import { expectedModules, modulesOfPath, modulesOfPng } from "./support/qr-check.js";
import { allElements, parseXml } from "./support/xml-check.js";

const { PNG } = pngjs;

describe("bitmap font", () => {
  it("has a distinct glyph for every label character [0-9A-Za-z_.~-]", () => {
    const wanted = [
      ..."0123456789",
      ..."ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      ..."abcdefghijklmnopqrstuvwxyz",
      ..."_.~-",
    ];
    for (const char of wanted) expect(hasGlyph(char), char).toBe(true);
    const shapes = new Map<string, string>();
    for (const char of wanted) {
      const glyph = glyphOf(char);
      expect(glyph).toHaveLength(GLYPH_WIDTH * GLYPH_HEIGHT);
      const key = glyph.join("");
      expect(shapes.get(key), `${char} looks like ${shapes.get(key)}`).toBeUndefined();
      shapes.set(key, char);
      expect(
        glyph.some((cell) => cell === 1),
        char,
      ).toBe(true);
    }
    expect(FONT_CHARACTERS).toContain(" ");
    // Characters outside the font are drawn as a box rather than dropped.
    expect(hasGlyph("码")).toBe(false);
    expect(glyphOf("码").some((cell) => cell === 1)).toBe(true);
    expect(textWidth("")).toBe(0);
    expect(textWidth("ab")).toBe(11);
  });

  it("draws text pixel for pixel at a scale", () => {
    const raster = new GrayRaster(20, 20);
    raster.drawText("1", 1, 2, 2);
    const one = glyphOf("1");
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        const set = one[row * GLYPH_WIDTH + col] === 1;
        for (const [dx, dy] of [
          [0, 0],
          [1, 1],
        ] as const) {
          const pixel = raster.data[(2 + row * 2 + dy) * 20 + 1 + col * 2 + dx];
          expect(pixel, `${row},${col}`).toBe(set ? 0 : 255);
        }
      }
    }
  });
});

describe("QR renderers", () => {
  const url = "https://t.acme.example/c/AbCdEfGhJkMnPq23";

  it("renders a grayscale PNG whose modules are the QR matrix, with a white quiet zone", () => {
    const expected = expectedModules(url);
    const png = qrPng(url, 5);
    const decoded = PNG.sync.read(png);
    expect(decoded.width).toBe((expected.length + 8) * 5);
    expect(modulesOfPng(png, expected.length)).toEqual({ modules: expected, scale: 5 });
    // Grayscale 8-bit (colour type 0) keeps files small.
    expect(png.readUInt8(25)).toBe(0);
    expect(png.byteLength).toBeLessThan(3000);
  });

  it("renders an SVG whose path is the QR matrix, escaping the title", () => {
    const tricky = "https://t.example/c/a&b<c>\"'";
    const svg = qrSvg(tricky);
    const root = parseXml(svg);
    const elements = allElements(root);
    expect(elements.find((element) => element.name === "title")?.text).toBe(tricky);
    const expected = expectedModules(tricky);
    const path = elements.find((element) => element.name === "path");
    expect(modulesOfPath(path?.attributes.d ?? "", expected.length)).toEqual(expected);
  });

  it("lays out a sheet in up to five columns with wrapped labels under each QR", () => {
    const items = Array.from({ length: 7 }, (_, i) => ({
      serial: i + 1,
      code: `CODE${i}`.padEnd(32, "x"),
      url: `https://t.example/c/CODE${i}`,
    }));
    const layout = layoutSampleSheet(items);
    expect(layout.cells).toHaveLength(7);
    const columns = new Set(layout.cells.map((cell) => cell.qrX));
    expect(columns.size).toBe(5);
    for (const cell of layout.cells) {
      expect(cell.lines.map((line) => line.text)).toEqual([
        expect.stringMatching(/^No\.\d$/),
        expect.any(String),
        expect.any(String),
      ]);
      expect(
        cell.lines
          .slice(1)
          .map((line) => line.text)
          .join(""),
      ).toHaveLength(32);
      const side = (cell.matrix.size + 8) * layout.moduleSize;
      expect(cell.lines[0]?.y).toBeGreaterThanOrEqual(cell.qrY + side);
      expect(cell.qrX + side).toBeLessThanOrEqual(layout.width);
      expect((cell.lines.at(-1)?.y ?? 0) + GLYPH_HEIGHT * layout.fontScale).toBeLessThanOrEqual(
        layout.height,
      );
    }
    expect(() => layoutSampleSheet([])).toThrow(RangeError);
  });

  it("draws the sheet's QRs and labels into the PNG at the laid-out places", () => {
    const items = [
      { serial: 7, code: "AB", url: "https://t.example/c/AB" },
      { serial: null, code: "CD", url: "https://t.example/c/CD" },
    ];
    const layout = layoutSampleSheet(items);
    const image = PNG.sync.read(sampleSheetPng(items));
    expect([image.width, image.height]).toEqual([layout.width, layout.height]);
    const dark = (x: number, y: number) => (image.data[(y * image.width + x) * 4] as number) < 128;
    const [first, second] = layout.cells;
    // The finder pattern's top-left module of each QR is dark.
    for (const cell of [first, second]) {
      const x = (cell?.qrX ?? 0) + 4 * layout.moduleSize;
      const y = (cell?.qrY ?? 0) + 4 * layout.moduleSize;
      expect(dark(x, y)).toBe(true);
    }
    expect(first?.lines.map((line) => line.text)).toEqual(["No.7", "AB"]);
    expect(second?.lines.map((line) => line.text)).toEqual(["CD"]);
    // Somewhere in each label line there is ink.
    for (const line of [...(first?.lines ?? []), ...(second?.lines ?? [])]) {
      let ink = 0;
      for (let y = line.y; y < line.y + GLYPH_HEIGHT * layout.fontScale; y++) {
        for (let x = line.x; x < line.x + textWidth(line.text) * layout.fontScale; x++) {
          if (dark(x, y)) ink++;
        }
      }
      expect(ink, line.text).toBeGreaterThan(10);
    }
    const svg = allElements(parseXml(sampleSheetSvg(items)));
    expect(svg.filter((element) => element.name === "text").map((element) => element.text)).toEqual(
      ["No.7", "AB", "CD"],
    );
  });
});
