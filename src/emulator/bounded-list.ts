/** Newest last, at most `limit` items: adding past the limit drops the oldest and counts it. */
export class BoundedList<T> {
  readonly limit: number;
  #items: T[] = [];
  #dropped = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  add(item: T): void {
    this.#items.push(item);
    if (this.#items.length > this.limit) {
      this.#items.shift();
      this.#dropped += 1;
    }
  }

  get items(): readonly T[] {
    return this.#items;
  }

  /** How many were dropped to stay within the limit. */
  get dropped(): number {
    return this.#dropped;
  }

  clear(): void {
    this.#items = [];
    this.#dropped = 0;
  }
}
