import type { Answer } from "../http/answer";
import { packAnswer, unpackAnswer } from "./packed-answer";
import type { ClaimResult, DokuStore } from "./store";

export interface MemoryStoreOptions {
  /** Entries kept at most; the oldest go first. Default 10,000. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  readonly key: string;
  fingerprint: string;
  /** The finished answer, packed outside the JS heap; `undefined` while the claim is at work. */
  packed: Buffer | undefined;
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
  // The notification router stores one constant answer under every key: packed once.
  #lastAnswer: Answer | undefined;
  #lastPacked: Buffer | undefined;

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
      return entry.packed === undefined
        ? { state: "pending", fingerprint: entry.fingerprint }
        : { state: "completed", fingerprint: entry.fingerprint, answer: unpackAnswer(entry.packed) };
    }
    this.#add({ key, fingerprint, packed: undefined, expiresAt: now + leaseMs });
    return CLAIMED;
  }

  async complete(key: string, fingerprint: string, answer: Answer, ttlMs: number): Promise<void> {
    const packed = this.#pack(answer);
    const expiresAt = this.#now() + ttlMs;
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      this.#add({ key, fingerprint, packed, expiresAt });
      return;
    }
    entry.fingerprint = fingerprint;
    entry.packed = packed;
    entry.expiresAt = expiresAt;
  }

  /** Drops a claim at work; a finished answer stays, as in the Redis store. */
  async release(key: string): Promise<void> {
    if (this.#entries.get(key)?.packed === undefined) this.#entries.delete(key);
  }

  #pack(answer: Answer): Buffer {
    if (answer !== this.#lastAnswer) {
      this.#lastPacked = packAnswer(answer);
      this.#lastAnswer = answer;
    }
    return this.#lastPacked as Buffer;
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
