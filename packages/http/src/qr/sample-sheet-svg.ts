import { GLYPH_HEIGHT } from "./bitmap-font.js";
import { qrPathData } from "./qr-svg.js";
import { layoutSampleSheet, type SheetItem } from "./sample-sheet-layout.js";
import { escapeXml, xmlSafe } from "./xml-text.js";

/**
 * A sample sheet as an SVG document, laid out like the PNG one: each QR as
 * a path, `No.<serial>` and the code as centred monospace text elements.
 */
export function sampleSheetSvg(items: readonly SheetItem[]): string {
  const layout = layoutSampleSheet(items);
  const fontSize = GLYPH_HEIGHT * layout.fontScale;
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}">`,
    "<title>Sample sheet</title>",
    `<rect width="${layout.width}" height="${layout.height}" fill="#fff"/>`,
    `<g font-family="ui-monospace, Menlo, Consolas, monospace" font-size="${fontSize}" text-anchor="middle" fill="#000">`,
  ];
  for (const cell of layout.cells) {
    parts.push(
      `<path shape-rendering="crispEdges" transform="translate(${cell.qrX} ${cell.qrY}) scale(${layout.moduleSize})" d="${qrPathData(cell.matrix)}"/>`,
    );
    for (const line of cell.lines) {
      // The baseline sits where the bitmap font's capitals end (row 7 of 8).
      const baseline = line.y + (GLYPH_HEIGHT - 1) * layout.fontScale;
      parts.push(
        `<text x="${line.centerX}" y="${baseline}">${escapeXml(xmlSafe(line.text))}</text>`,
      );
    }
  }
  parts.push("</g></svg>\n");
  return parts.join("");
}
