import { QUIET_ZONE, qrMatrix } from "./qr-matrix.js";
import { GrayRaster } from "./raster.js";

/** Pixels per module of single-code PNGs unless asked otherwise. */
export const DEFAULT_QR_SCALE = 8;

/**
 * The QR code of `text` as a grayscale PNG: `scale` pixels per module and a
 * quiet zone of four modules, rendered from the module matrix.
 */
export function qrPng(text: string, scale = DEFAULT_QR_SCALE): Buffer {
  const matrix = qrMatrix(text);
  const side = (matrix.size + 2 * QUIET_ZONE) * scale;
  const raster = new GrayRaster(side, side);
  raster.drawQr(matrix, 0, 0, scale);
  return raster.toPng();
}
