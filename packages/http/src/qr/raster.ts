import pngjs from "pngjs";
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphOf } from "./bitmap-font.js";
import { type QrMatrix, QUIET_ZONE } from "./qr-matrix.js";

const { PNG } = pngjs;

/** An 8-bit grayscale image, white when created: 0 is black, 255 white. */
export class GrayRaster {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`invalid raster size ${width}x${height}`);
    }
    this.data = new Uint8Array(width * height).fill(255);
  }

  /** Paints a rectangle (clipped to the image). */
  fillRect(x: number, y: number, width: number, height: number, value = 0): void {
    const left = Math.max(0, x);
    const right = Math.min(this.width, x + width);
    if (left >= right) return;
    for (let row = Math.max(0, y); row < Math.min(this.height, y + height); row++) {
      this.data.fill(value, row * this.width + left, row * this.width + right);
    }
  }

  /** Draws a QR symbol with its quiet zone, top-left at (`x`, `y`), `scale` pixels per module. */
  drawQr(matrix: QrMatrix, x: number, y: number, scale: number): void {
    const { size, modules } = matrix;
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        if (modules[row * size + col]) {
          this.fillRect(
            x + (col + QUIET_ZONE) * scale,
            y + (row + QUIET_ZONE) * scale,
            scale,
            scale,
          );
        }
      }
    }
  }

  /** Draws `text` in the bitmap font, top-left at (`x`, `y`), each font pixel `scale` pixels wide. */
  drawText(text: string, x: number, y: number, scale: number): void {
    let left = x;
    for (const char of text) {
      const glyph = glyphOf(char);
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (glyph[row * GLYPH_WIDTH + col]) {
            this.fillRect(left + col * scale, y + row * scale, scale, scale);
          }
        }
      }
      left += GLYPH_ADVANCE * scale;
    }
  }

  /**
   * Encodes the image as a grayscale 8-bit PNG. Rows are "up"-filtered:
   * QR and text rows repeat a lot, so most of them deflate to almost nothing.
   */
  toPng(): Buffer {
    const image = { width: this.width, height: this.height, data: Buffer.from(this.data.buffer) };
    return PNG.sync.write(image as unknown as InstanceType<typeof PNG>, {
      colorType: 0,
      inputColorType: 0,
      bitDepth: 8,
      filterType: 2,
      deflateLevel: 6,
    });
  }
}
