import { GLYPH_ADVANCE, GLYPH_HEIGHT, textWidth } from "./bitmap-font.js";
import { type QrMatrix, QUIET_ZONE, qrMatrix } from "./qr-matrix.js";

/** One code on a sample sheet. */
export interface SheetItem {
  /** Printed as `No.<serial>` above the code; `null` when the package has no serial numbers. */
  readonly serial: number | null;
  readonly code: string;
  /** What the QR encodes. */
  readonly url: string;
}

/** A label line, its top-left corner and its centre in sheet pixels. */
export interface SheetLine {
  readonly text: string;
  readonly x: number;
  readonly centerX: number;
  readonly y: number;
}

/** Where one code goes: its QR (with quiet zone) and its label lines. */
export interface SheetCell {
  readonly matrix: QrMatrix;
  readonly qrX: number;
  readonly qrY: number;
  readonly lines: readonly SheetLine[];
}

/** The geometry of a sample sheet, shared by the PNG and SVG renderers. */
export interface SheetLayout {
  readonly width: number;
  readonly height: number;
  /** Pixels per QR module. */
  readonly moduleSize: number;
  /** Pixels per font pixel (the text is `GLYPH_HEIGHT × fontScale` pixels tall). */
  readonly fontScale: number;
  readonly cells: readonly SheetCell[];
}

const MODULE_SIZE = 4;
const FONT_SCALE = 2;
const MARGIN = 24;
const GAP = 24;
const LABEL_GAP = 6;
const LINE_HEIGHT = (GLYPH_HEIGHT + 2) * FONT_SCALE;
const MAX_COLUMNS = 5;
const MIN_CELL_WIDTH = 196;

function wrap(text: string, perLine: number): string[] {
  const chars = [...text];
  const lines: string[] = [];
  for (let start = 0; start < chars.length; start += perLine) {
    lines.push(chars.slice(start, start + perLine).join(""));
  }
  return lines.length > 0 ? lines : [""];
}

/**
 * Lays out codes in a grid of up to five columns: each cell holds the QR
 * (four pixels per module, quiet zone included), then `No.<serial>` and the
 * code text, wrapped to the cell width, centred under it.
 */
export function layoutSampleSheet(items: readonly SheetItem[]): SheetLayout {
  if (items.length === 0) throw new RangeError("a sample sheet needs at least one code");
  const matrices = items.map((item) => qrMatrix(item.url));
  const qrSide = Math.max(...matrices.map((m) => (m.size + 2 * QUIET_ZONE) * MODULE_SIZE));
  const cellWidth = Math.max(qrSide, MIN_CELL_WIDTH);
  const perLine = Math.floor((cellWidth / FONT_SCALE + 1) / GLYPH_ADVANCE);
  const labels = items.map((item) => [
    ...(item.serial === null ? [] : [`No.${item.serial}`]),
    ...wrap(item.code, perLine),
  ]);
  const labelHeight = Math.max(...labels.map((lines) => lines.length)) * LINE_HEIGHT;
  const cellHeight = qrSide + LABEL_GAP + labelHeight;
  const columns = Math.min(MAX_COLUMNS, items.length);
  const rows = Math.ceil(items.length / columns);

  const cells = items.map((_, index): SheetCell => {
    const matrix = matrices[index] as QrMatrix;
    const left = MARGIN + (index % columns) * (cellWidth + GAP);
    const top = MARGIN + Math.floor(index / columns) * (cellHeight + GAP);
    const side = (matrix.size + 2 * QUIET_ZONE) * MODULE_SIZE;
    const centerX = left + cellWidth / 2;
    const lines = (labels[index] as string[]).map((text, line) => ({
      text,
      centerX,
      x: Math.round(centerX - (textWidth(text) * FONT_SCALE) / 2),
      y: top + qrSide + LABEL_GAP + line * LINE_HEIGHT,
    }));
    return {
      matrix,
      qrX: Math.round(left + (cellWidth - side) / 2),
      qrY: top + Math.round((qrSide - side) / 2),
      lines,
    };
  });
  return {
    width: 2 * MARGIN + columns * cellWidth + (columns - 1) * GAP,
    height: 2 * MARGIN + rows * cellHeight + (rows - 1) * GAP,
    moduleSize: MODULE_SIZE,
    fontScale: FONT_SCALE,
    cells,
  };
}
