import { type QrMatrix, QUIET_ZONE, qrMatrix } from "./qr-matrix.js";
import { escapeXml, xmlSafe } from "./xml-text.js";

/**
 * The dark modules of a symbol as one SVG path in module units, offset by
 * (`x`, `y`): one rectangle per horizontal run of dark modules.
 */
export function qrPathData(matrix: QrMatrix, x = QUIET_ZONE, y = QUIET_ZONE): string {
  const { size, modules } = matrix;
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules[row * size + col]) col++;
      const run = col - start;
      parts.push(`M${x + start} ${y + row}h${run}v1h-${run}z`);
    }
  }
  return parts.join("");
}

/**
 * The QR code of `text` as a standalone SVG document: a white background,
 * the dark modules as one path (crisp edges, a quiet zone of four modules),
 * `scale` pixels per module as its nominal size, and `text` as its title.
 */
export function qrSvg(text: string, scale = 8): string {
  const matrix = qrMatrix(text);
  const side = matrix.size + 2 * QUIET_ZONE;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${side * scale}" height="${side * scale}" shape-rendering="crispEdges">`,
    `<title>${escapeXml(xmlSafe(text))}</title>`,
    `<rect width="${side}" height="${side}" fill="#fff"/>`,
    `<path fill="#000" d="${qrPathData(matrix)}"/>`,
    "</svg>\n",
  ].join("");
}
