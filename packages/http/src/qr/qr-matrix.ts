import QRCode from "qrcode";

/** The modules of a QR symbol: `size × size`, row-major, 1 for dark. */
export interface QrMatrix {
  readonly size: number;
  readonly modules: Uint8Array;
}

/** Light modules around the symbol, as the QR standard requires. */
export const QUIET_ZONE = 4;

/**
 * Encodes `text` (a code's URL) as a QR symbol with error correction level
 * M, the smallest version that fits.
 */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  return { size: modules.size, modules: modules.data };
}
