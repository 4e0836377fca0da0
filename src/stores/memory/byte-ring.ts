/**
 * Bytes written one after another into one fixed buffer, reusing the oldest when it is full:
 * memory that stays the same size and outside the JS heap however many entries pass through.
 *
 * A blob is named by its absolute position; `holds` tells whether later writes have reused
 * its bytes. Blobs bigger than a quarter of the ring get a buffer of their own instead, named
 * by a negative position, and stay until `free`.
 */
export class ByteRing {
  readonly #ring: Buffer;
  readonly #capacity: number;
  /** Absolute position where the next blob goes. */
  #end = 0;
  readonly #large = new Map<number, Buffer>();
  #nextLarge = -2;

  constructor(capacity: number) {
    this.#capacity = capacity;
    // Pages of a fresh slow buffer count towards RSS only once written.
    this.#ring = Buffer.allocUnsafeSlow(capacity);
  }

  /** Room for `length` bytes, in one piece; write them through `buffer` and `offset`. */
  allocate(length: number): number {
    if (length > this.#capacity / 4) {
      const position = this.#nextLarge--;
      this.#large.set(position, Buffer.allocUnsafeSlow(length));
      return position;
    }
    const offset = this.#end % this.#capacity;
    if (offset + length > this.#capacity) this.#end += this.#capacity - offset;
    const position = this.#end;
    this.#end += length;
    return position;
  }

  /** Whether the blob at `position` is still intact. */
  holds(position: number): boolean {
    return position >= 0 ? position >= this.#end - this.#capacity : this.#large.has(position);
  }

  buffer(position: number): Buffer {
    return position >= 0 ? this.#ring : (this.#large.get(position) as Buffer);
  }

  offset(position: number): number {
    return position >= 0 ? position % this.#capacity : 0;
  }

  /** Gives a large blob's buffer back; ring bytes are simply reused later. */
  free(position: number): void {
    if (position < 0) this.#large.delete(position);
  }
}
