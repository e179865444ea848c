/** How many entries one block of the table holds. */
const BLOCK = 65_536;

/**
 * What the central directory needs of each written entry, minus its name:
 * CRC-32, both sizes and the name's length, 14 bytes per entry in typed
 * arrays (about 14 MB for a million entries). Names are not kept: the
 * writer asks for them again when it writes the directory.
 */
export class EntryTable {
  readonly #crc: Uint32Array[] = [];
  readonly #compressed: Uint32Array[] = [];
  readonly #size: Uint32Array[] = [];
  readonly #nameLength: Uint16Array[] = [];
  #count = 0;

  get count(): number {
    return this.#count;
  }

  push(crc: number, compressedSize: number, size: number, nameLength: number): void {
    const block = Math.floor(this.#count / BLOCK);
    if (block === this.#crc.length) {
      this.#crc.push(new Uint32Array(BLOCK));
      this.#compressed.push(new Uint32Array(BLOCK));
      this.#size.push(new Uint32Array(BLOCK));
      this.#nameLength.push(new Uint16Array(BLOCK));
    }
    const at = this.#count % BLOCK;
    (this.#crc[block] as Uint32Array)[at] = crc;
    (this.#compressed[block] as Uint32Array)[at] = compressedSize;
    (this.#size[block] as Uint32Array)[at] = size;
    (this.#nameLength[block] as Uint16Array)[at] = nameLength;
    this.#count++;
  }

  get(index: number): { crc: number; compressedSize: number; size: number; nameLength: number } {
    const block = Math.floor(index / BLOCK);
    const at = index % BLOCK;
    return {
      crc: (this.#crc[block] as Uint32Array)[at] as number,
      compressedSize: (this.#compressed[block] as Uint32Array)[at] as number,
      size: (this.#size[block] as Uint32Array)[at] as number,
      nameLength: (this.#nameLength[block] as Uint16Array)[at] as number,
    };
  }
}
