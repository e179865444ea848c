import pngjs from "pngjs";
import QRCode from "qrcode";

const { PNG } = pngjs;

/** A module matrix as rows of 0/1, for readable comparisons. */
export type Modules = number[][];

/** The matrix `qrcode` makes for `text` at the handler's error correction level (M). */
export function expectedModules(text: string): Modules {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  return Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, col) => (modules.get(row, col) ? 1 : 0)),
  );
}

/**
 * Reads the modules back from a decoded QR PNG: the image must be square,
 * `size + 8` modules wide (quiet zone of four), and every module a solid
 * square of black or white; the centre pixel of each module is sampled.
 */
export function modulesOfPng(bytes: Uint8Array, size: number): { modules: Modules; scale: number } {
  const png = PNG.sync.read(Buffer.from(bytes));
  if (png.width !== png.height) throw new Error("QR PNG is not square");
  const scale = png.width / (size + 8);
  if (!Number.isInteger(scale))
    throw new Error(`width ${png.width} is not a multiple of ${size + 8}`);
  const dark = (x: number, y: number) => (png.data[(y * png.width + x) * 4] as number) < 128;
  for (let x = 0; x < png.width; x++) {
    for (const y of [0, png.height - 1]) if (dark(x, y)) throw new Error("quiet zone is not white");
  }
  const modules = Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, col) => {
      const x = (col + 4) * scale;
      const y = (row + 4) * scale;
      const value = dark(x + Math.floor(scale / 2), y + Math.floor(scale / 2));
      // A module is one solid colour: its corners agree with its centre.
      if (dark(x, y) !== value || dark(x + scale - 1, y + scale - 1) !== value) {
        throw new Error(`module ${row},${col} is not solid`);
      }
      return value ? 1 : 0;
    }),
  );
  return { modules, scale };
}

/** Reads modules back from the path the SVG renderers write (`M<x> <y>h<n>v1h-<n>z` runs). */
export function modulesOfPath(d: string, size: number, offset = 4): Modules {
  const modules = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const run = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/g;
  let consumed = 0;
  for (const match of d.matchAll(run)) {
    const [text, x, y, width, back] = match as unknown as [string, string, string, string, string];
    if (width !== back) throw new Error(`run ${text} does not close`);
    const row = Number(y) - offset;
    for (let col = Number(x) - offset; col < Number(x) - offset + Number(width); col++) {
      const line = modules[row];
      if (!line || col < 0 || col >= size) throw new Error(`run ${text} leaves the symbol`);
      line[col] = 1;
    }
    consumed += text.length;
  }
  if (consumed !== d.length) throw new Error("path holds something other than module runs");
  return modules;
}
