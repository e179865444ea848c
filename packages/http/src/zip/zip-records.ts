/**
 * The fixed-layout records of the ZIP format (APPNOTE 6.3.x) that a
 * streaming writer needs: local headers with data descriptors, central
 * directory headers, and the (ZIP64) end records.
 */

const UTF8_NAMES_AND_DESCRIPTOR = 0x0808;
const VERSION_ZIP64 = 45;
const VERSION_DEFAULT = 20;
/** 0xFFFF / 0xFFFFFFFF mark a field whose real value lives in a ZIP64 record. */
export const MAX_16 = 0xffff;
export const MAX_32 = 0xffffffff;

/** MS-DOS time and date fields of a modification time (local time, 2-second precision). */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** Fields shared by a local and a central header. */
export interface EntryFields {
  readonly name: Uint8Array;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly time: number;
  readonly date: number;
}

/** The local file header; CRC and sizes follow in the data descriptor. */
export function localHeader(entry: EntryFields): Uint8Array {
  const bytes = new Uint8Array(30 + entry.name.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x04034b50, true);
  view.setUint16(4, VERSION_DEFAULT, true);
  view.setUint16(6, UTF8_NAMES_AND_DESCRIPTOR, true);
  view.setUint16(8, entry.method, true);
  view.setUint16(10, entry.time, true);
  view.setUint16(12, entry.date, true);
  // CRC-32 and sizes stay 0 here: the data descriptor after the data carries them.
  view.setUint16(26, entry.name.length, true);
  bytes.set(entry.name, 30);
  return bytes;
}

/** Length of {@link localHeader} for a name of `nameLength` bytes. */
export function localHeaderLength(nameLength: number): number {
  return 30 + nameLength;
}

/** Length of the 32-bit data descriptor (entries are kept below 4 GiB). */
export const DATA_DESCRIPTOR_LENGTH = 16;

/** The data descriptor after an entry's data. */
export function dataDescriptor(crc: number, compressedSize: number, size: number): Uint8Array {
  const bytes = new Uint8Array(DATA_DESCRIPTOR_LENGTH);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x08074b50, true);
  view.setUint32(4, crc, true);
  view.setUint32(8, compressedSize, true);
  view.setUint32(12, size, true);
  return bytes;
}

/** A central directory header; past 4 GiB the local header offset moves to a ZIP64 extra field. */
export function centralHeader(
  entry: EntryFields & { crc: number; compressedSize: number; size: number; offset: number },
): Uint8Array {
  const zip64 = entry.offset >= MAX_32;
  const extraLength = zip64 ? 12 : 0;
  const bytes = new Uint8Array(46 + entry.name.length + extraLength);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x02014b50, true);
  view.setUint16(4, (3 << 8) | VERSION_ZIP64, true);
  view.setUint16(6, zip64 ? VERSION_ZIP64 : VERSION_DEFAULT, true);
  view.setUint16(8, UTF8_NAMES_AND_DESCRIPTOR, true);
  view.setUint16(10, entry.method, true);
  view.setUint16(12, entry.time, true);
  view.setUint16(14, entry.date, true);
  view.setUint32(16, entry.crc, true);
  view.setUint32(20, entry.compressedSize, true);
  view.setUint32(24, entry.size, true);
  view.setUint16(28, entry.name.length, true);
  view.setUint16(30, extraLength, true);
  // Regular files, rw-r--r--, in the upper half of the external attributes.
  view.setUint32(38, (0o100644 << 16) >>> 0, true);
  view.setUint32(42, zip64 ? MAX_32 : entry.offset, true);
  bytes.set(entry.name, 46);
  if (zip64) {
    const extra = 46 + entry.name.length;
    view.setUint16(extra, 0x0001, true);
    view.setUint16(extra + 2, 8, true);
    view.setBigUint64(extra + 4, BigInt(entry.offset), true);
  }
  return bytes;
}

/**
 * The end records: the classic end of central directory, preceded by the
 * ZIP64 end record and locator when the entry count, the directory's size or
 * its offset do not fit the classic fields.
 */
export function endRecords(
  count: number,
  directorySize: number,
  directoryOffset: number,
): Uint8Array {
  const zip64 = count >= MAX_16 || directorySize >= MAX_32 || directoryOffset >= MAX_32;
  const bytes = new Uint8Array((zip64 ? 56 + 20 : 0) + 22);
  const view = new DataView(bytes.buffer);
  let at = 0;
  if (zip64) {
    view.setUint32(0, 0x06064b50, true);
    view.setBigUint64(4, 44n, true);
    view.setUint16(12, VERSION_ZIP64, true);
    view.setUint16(14, VERSION_ZIP64, true);
    view.setBigUint64(24, BigInt(count), true);
    view.setBigUint64(32, BigInt(count), true);
    view.setBigUint64(40, BigInt(directorySize), true);
    view.setBigUint64(48, BigInt(directoryOffset), true);
    view.setUint32(56, 0x07064b50, true);
    view.setBigUint64(64, BigInt(directoryOffset + directorySize), true);
    view.setUint32(72, 1, true);
    at = 76;
  }
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, Math.min(count, MAX_16), true);
  view.setUint16(at + 10, Math.min(count, MAX_16), true);
  view.setUint32(at + 12, Math.min(directorySize, MAX_32), true);
  view.setUint32(at + 16, Math.min(directoryOffset, MAX_32), true);
  return bytes;
}
