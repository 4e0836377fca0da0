import type { Answer } from "../http/answer";
import { AnswerArena, unpackAnswer, type PackedAnswer } from "./answer-arena";
import type { ClaimResult, DokuStore } from "./store";

export interface MemoryStoreOptions {
  /** Entries kept at most; the oldest go first. Default 10,000. */
  maxEntries?: number;
  now?: () => number;
}

/** A claim, or with `arena` set, a finished answer: its bytes are outside the JS heap. */
interface Entry extends PackedAnswer {
  readonly key: string;
  fingerprint: string;
  expiresAt: number;
}

const CLAIMED: ClaimResult = Object.freeze({ state: "claimed" });

/**
 * The default store: one process, bounded in size, expired entries dropped as it goes.
 * Apps on several machines need a shared store (see `createRedisStore`).
 *
 * Entries also sit in a queue in the order they were made, so that dropping the oldest is
 * O(1): walking a `Map` from its oldest end gets slower with every deleted entry it holds.
 */
export class MemoryStore implements DokuStore {
  readonly #entries = new Map<string, Entry>();
  #queue: (Entry | undefined)[] = [];
  #head = 0;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #answers = new AnswerArena();

  constructor(options: MemoryStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError("MemoryStore: maxEntries must be a positive integer");
    }
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  async claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    const now = this.#now();
    this.#dropExpired(now);
    const entry = this.#entries.get(key);
    if (entry !== undefined && entry.expiresAt > now) {
      return entry.arena === undefined
        ? { state: "pending", fingerprint: entry.fingerprint }
        : { state: "completed", fingerprint: entry.fingerprint, answer: unpackAnswer(entry.arena, entry.offset, entry.length) };
    }
    this.#add({ key, fingerprint, expiresAt: now + leaseMs, arena: undefined, offset: 0, length: 0 });
    return CLAIMED;
  }

  async complete(key: string, fingerprint: string, answer: Answer, ttlMs: number): Promise<void> {
    const expiresAt = this.#now() + ttlMs;
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = { key, fingerprint, expiresAt, arena: undefined, offset: 0, length: 0 };
      this.#add(entry);
    }
    entry.fingerprint = fingerprint;
    entry.expiresAt = expiresAt;
    this.#answers.pack(answer, entry);
  }

  /** Drops a claim at work; a finished answer stays, as in the Redis store. */
  async release(key: string): Promise<void> {
    if (this.#entries.get(key)?.arena === undefined) this.#entries.delete(key);
  }

  #add(entry: Entry): void {
    if (this.#queue.length - this.#head >= this.#maxEntries) this.#dropOldest();
    this.#queue.push(entry);
    this.#entries.set(entry.key, entry);
  }

  /** Queue order is roughly expiry order: drop from the oldest end while expired or gone. */
  #dropExpired(now: number): void {
    while (this.#head < this.#queue.length) {
      const oldest = this.#queue[this.#head] as Entry;
      if (this.#entries.get(oldest.key) === oldest && oldest.expiresAt > now) return;
      this.#dropOldest();
    }
  }

  #dropOldest(): void {
    const oldest = this.#queue[this.#head] as Entry;
    this.#queue[this.#head] = undefined;
    this.#head++;
    if (this.#entries.get(oldest.key) === oldest) this.#entries.delete(oldest.key);
    // Keeps the queue from growing: copying the live half is O(1) per entry dropped.
    if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}

export function createMemoryStore(options?: MemoryStoreOptions): MemoryStore {
  return new MemoryStore(options);
}
