/**
 * An open-addressing hash table from a key's hash to record numbers, held in one Int32Array:
 * no object per entry for the garbage collector to trace or promote. Linear probing, with
 * deletion by shifting back, so there are no tombstones to sweep. Whether a candidate record
 * really holds the key is the caller's check (`matches`).
 */
export class KeyIndex {
  /** Record number + 1 per slot; 0 is empty. */
  readonly #slots: Int32Array;
  readonly #mask: number;
  readonly #hashes: Int32Array;

  constructor(records: number) {
    let size = 16;
    while (size < records * 2) size *= 2;
    this.#slots = new Int32Array(size);
    this.#mask = size - 1;
    this.#hashes = new Int32Array(records);
  }

  find(hash: number, matches: (record: number) => boolean): number {
    for (let slot = hash & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const held = this.#slots[slot] as number;
      if (held === 0) return -1;
      if (this.#hashes[held - 1] === hash && matches(held - 1)) return held - 1;
    }
  }

  insert(record: number, hash: number): void {
    this.#hashes[record] = hash;
    let slot = hash & this.#mask;
    while (this.#slots[slot] !== 0) slot = (slot + 1) & this.#mask;
    this.#slots[slot] = record + 1;
  }

  remove(record: number): void {
    let hole = (this.#hashes[record] as number) & this.#mask;
    while (this.#slots[hole] !== record + 1) hole = (hole + 1) & this.#mask;
    // Moves back every later entry of the run that may not sit past the hole.
    for (let slot = (hole + 1) & this.#mask; this.#slots[slot] !== 0; slot = (slot + 1) & this.#mask) {
      const home = (this.#hashes[(this.#slots[slot] as number) - 1] as number) & this.#mask;
      if (((slot - home) & this.#mask) >= ((slot - hole) & this.#mask)) {
        this.#slots[hole] = this.#slots[slot] as number;
        hole = slot;
      }
    }
    this.#slots[hole] = 0;
  }
}

/** A 32-bit hash of the first `length` bytes (MurmurHash2's multiplier, Murmur3's finaliser), salted per store. */
export function hashBytes(bytes: Uint8Array, length: number, seed: number): number {
  let h = seed;
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ (bytes[i] as number), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
