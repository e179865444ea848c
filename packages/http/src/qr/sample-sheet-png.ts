import { GrayRaster } from "./raster.js";
import { layoutSampleSheet, type SheetItem } from "./sample-sheet-layout.js";

/**
 * A sample sheet as a grayscale PNG: each code's QR, drawn from its module
 * matrix, with `No.<serial>` and the code text in the built-in bitmap font.
 */
export function sampleSheetPng(items: readonly SheetItem[]): Buffer {
  const layout = layoutSampleSheet(items);
  const raster = new GrayRaster(layout.width, layout.height);
  for (const cell of layout.cells) {
    raster.drawQr(cell.matrix, cell.qrX, cell.qrY, layout.moduleSize);
    for (const line of cell.lines) raster.drawText(line.text, line.x, line.y, layout.fontScale);
  }
  return raster.toPng();
}
