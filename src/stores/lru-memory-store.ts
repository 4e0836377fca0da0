import { randomInt } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { Answer } from "../http/answer";
import { encodeAnswer, readAnswer, writeAnswer } from "./answer-bytes";
import type { MemoryStoreOptions } from "./memory-store";
import type { ClaimResult, DokuStore } from "./store";

interface Entry {
  readonly fingerprint: string;
  readonly token: number;
  /** The finished answer as one Buffer; `undefined` while the claim is at work. */
  readonly answer: Buffer | undefined;
}

// What an entry costs beyond its strings and answer (the object, the cache's slots).
const ENTRY_OVERHEAD = 64;

/** The memory store on lru-cache: expiry by `ttl`, bounded by `max` entries and `maxSize` bytes. */
export class LruMemoryStore implements DokuStore {
  readonly #cache: LRUCache<string, Entry>;
  #lastToken = randomInt(2 ** 40);
  // The notification router stores one constant answer under every key: encoded once.
  #lastAnswer: Answer | undefined;
  #lastEncoded: Buffer | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError("MemoryStore: maxEntries must be a positive integer");
    }
    const maxBytes = options.maxBytes ?? maxEntries * 1024;
    if (!Number.isInteger(maxBytes) || maxBytes < 1) {
      throw new TypeError("MemoryStore: maxBytes must be a positive integer");
    }
    const now = options.now;
    this.#cache = new LRUCache<string, Entry>({
      max: maxEntries,
      maxSize: maxBytes,
      sizeCalculation: (entry, key) => ENTRY_OVERHEAD + 2 * (key.length + entry.fingerprint.length) + (entry.answer?.length ?? 0),
      ttlResolution: 0,
      ...(now ? { perf: { now } } : {}),
    });
  }

  /** Entries held, counting expired ones not yet dropped. */
  get size(): number {
    return this.#cache.size;
  }

  async claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    const entry = this.#cache.get(key);
    if (entry !== undefined) {
      if (entry.answer === undefined) return { state: "pending", fingerprint: entry.fingerprint };
      return { state: "completed", fingerprint: entry.fingerprint, answer: readAnswer(entry.answer, 0, entry.answer.length) };
    }
    const token = ++this.#lastToken;
    this.#cache.set(key, { fingerprint, token, answer: undefined }, { ttl: leaseMs });
    return { state: "claimed", token: String(token) };
  }

  async complete(key: string, token: string, fingerprint: string, answer: Answer, ttlMs: number): Promise<boolean> {
    const entry = this.#held(key, token);
    if (entry === undefined) return false;
    this.#cache.set(key, { fingerprint, token: entry.token, answer: this.#encode(answer) }, { ttl: ttlMs });
    return true;
  }

  /** Drops a claim at work held by `token`; a finished answer stays, as in the Redis store. */
  async release(key: string, token: string): Promise<boolean> {
    const held = this.#held(key, token) !== undefined;
    if (held) this.#cache.delete(key);
    return held;
  }

  async renew(key: string, token: string, leaseMs: number): Promise<boolean> {
    const entry = this.#held(key, token);
    if (entry !== undefined) this.#cache.set(key, entry, { ttl: leaseMs });
    return entry !== undefined;
  }

  /** The claim `token` still holds on `key` (at work, not taken over). */
  #held(key: string, token: string): Entry | undefined {
    const entry = this.#cache.get(key);
    return entry !== undefined && entry.answer === undefined && entry.token === Number(token) ? entry : undefined;
  }

  #encode(answer: Answer): Buffer {
    if (answer === this.#lastAnswer && this.#lastEncoded !== undefined) return this.#lastEncoded;
    const encoded = encodeAnswer(answer);
    const bytes = Buffer.allocUnsafe(encoded.length);
    writeAnswer(encoded, bytes, 0);
    this.#lastAnswer = answer;
    this.#lastEncoded = bytes;
    return bytes;
  }
}
