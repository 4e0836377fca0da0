import { randomInt } from "node:crypto";

import type { Answer } from "../../http/answer";
import { wholeNumber } from "../../options/number-options";
import type { ClaimResult, DokuStore, Readiness } from "../store";
import { decodeAnswer, encodeAnswer, writeEncodedAnswer } from "./answer-bytes";
import { ByteRing } from "./byte-ring";
import { exactByteLength, type ExactEncoding, exactEncoding, exactWriteRoom, writeExact } from "./exact-string";
import { hashBytes, KeyIndex } from "./key-index";

export interface MemoryStoreOptions {
  /** Entries kept at most; the oldest go first. Default 10,000. */
  maxEntries?: number;
  /**
   * Bytes kept for keys, fingerprints and answers, allocated once; when they run out, the
   * entries holding the oldest bytes go. Default 1 KiB per entry.
   */
  maxBytes?: number;
  now?: () => number;
}

export const MIB = 1024 * 1024;
const NONE = -1;
// Identity blob: `key bytes (uint32) | fingerprint bytes (uint32) | key wide (uint8) |
// fingerprint wide (uint8) | key | fingerprint`; "wide" means UTF-16, else latin1.
const IDENTITY_HEAD = 10;

const encodingOf = (wide: number): ExactEncoding => (wide === 1 ? "utf16le" : "latin1");

/**
 * The default store: one process, bounded in entries and bytes, expired entries dropped as
 * it goes. Apps on several machines need a shared store (see `createRedisStore`).
 *
 * Entries are numbered records in typed arrays, reused in the order they were made (dropping
 * the oldest is O(1)), found through a hash index, with their bytes in one ring: nothing per
 * entry on the JS heap, which entries as objects swell under load (measured in README.md here).
 */
export class MemoryStore implements DokuStore {
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #bytes: ByteRing;
  readonly #index: KeyIndex;
  readonly #seed = randomInt(2 ** 31);
  // Per record.
  readonly #live: Uint8Array;
  readonly #expiresAt: Float64Array;
  readonly #identityAt: Float64Array;
  /** `NONE` while the entry is a claim at work. */
  readonly #answerAt: Float64Array;
  readonly #answerLength: Uint32Array;
  /** The token of the claim that made the record: only its holder may complete, release or renew it. */
  readonly #token: Float64Array;
  #lastToken = randomInt(2 ** 40);
  /** Sequence numbers of the oldest and next record; a record's number is its sequence modulo `maxEntries`. */
  #head = 0;
  #tail = 0;
  // The key of the current call, written as it is stored; `#keyText` is the string written there.
  #key: Buffer = Buffer.allocUnsafeSlow(256);
  #keyText: string | undefined;
  #keyLength = 0;
  #keyWide = 0;
  #keyHash = 0;
  // The notification router stores one constant answer under every key: written once.
  #lastAnswer: Answer | undefined;
  #lastAnswerAt = NONE;
  #lastAnswerLength = 0;

  constructor(options: MemoryStoreOptions = {}) {
    const maxEntries = wholeNumber("maxEntries", options.maxEntries, 10_000, 1);
    const maxBytes = wholeNumber("maxBytes", options.maxBytes, maxEntries * 1024, 1);
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
    this.#bytes = new ByteRing(maxBytes);
    this.#index = new KeyIndex(maxEntries);
    this.#live = new Uint8Array(maxEntries);
    this.#expiresAt = new Float64Array(maxEntries);
    this.#identityAt = new Float64Array(maxEntries);
    this.#answerAt = new Float64Array(maxEntries);
    this.#answerLength = new Uint32Array(maxEntries);
    this.#token = new Float64Array(maxEntries);
  }

  /** Entries held, counting expired ones not yet dropped. O(entries): for tests and diagnosis. */
  get size(): number {
    let size = 0;
    for (let seq = this.#head; seq < this.#tail; seq++) if (this.#intact(seq % this.#maxEntries)) size++;
    return size;
  }

  async claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    const now = this.#now();
    this.#dropExpired(now);
    const record = this.#find(key);
    if (record !== NONE && (this.#expiresAt[record] as number) > now) {
      const answerAt = this.#answerAt[record] as number;
      const stored = this.#fingerprintOf(record);
      if (answerAt === NONE) return { state: "pending", fingerprint: stored };
      const answer = decodeAnswer(
        this.#bytes.buffer(answerAt),
        this.#bytes.offset(answerAt),
        this.#answerLength[record] as number,
      );
      return { state: "completed", fingerprint: stored, answer };
    }
    if (record !== NONE) this.#unindex(record);
    const claimed = this.#add(fingerprint, now + leaseMs);
    this.#token[claimed] = ++this.#lastToken;
    return { state: "claimed", token: String(this.#lastToken) };
  }

  async complete(key: string, token: string, fingerprint: string, answer: Answer, ttlMs: number): Promise<boolean> {
    const record = this.#held(key, token);
    if (record === NONE) return false;
    if (this.#fingerprintOf(record) !== fingerprint) this.#writeIdentity(record, fingerprint);
    this.#expiresAt[record] = this.#now() + ttlMs;
    this.#storeAnswer(record, answer);
    // Writing the answer may have reused the oldest bytes in the ring, this entry's key among them.
    if (!this.#bytes.holds(this.#identityAt[record] as number)) this.#writeIdentity(record, fingerprint);
    return true;
  }

  /** Drops a claim at work held by `token`; a finished answer stays, as in the Redis store. */
  async release(key: string, token: string): Promise<boolean> {
    const record = this.#held(key, token);
    if (record !== NONE) this.#unindex(record);
    return record !== NONE;
  }

  async renew(key: string, token: string, leaseMs: number): Promise<boolean> {
    const record = this.#held(key, token);
    if (record !== NONE) this.#expiresAt[record] = this.#now() + leaseMs;
    return record !== NONE;
  }

  /** Always ready: it is this process's memory. Its one warning: a restart forgets what it holds. */
  async ready(): Promise<Readiness> {
    return {
      ready: true,
      detail: "the memory store answers: it is this process's memory",
      warnings: [
        "the memory store forgets everything when the process restarts, and other instances do not share it: a notification DOKU retries after a restart, or sends to another instance, runs again",
      ],
    };
  }

  /** The record of the claim `token` still holds on `key` (at work, not taken over), or `NONE`. */
  #held(key: string, token: string): number {
    const record = this.#find(key);
    return record !== NONE && this.#answerAt[record] === NONE && this.#token[record] === Number(token) ? record : NONE;
  }

  /** The live, intact record holding `key`, or `NONE`; leaves the key written in `#key`. */
  #find(key: string): number {
    // A claim's `complete` usually comes next with the very same key: it is written and hashed already.
    if (key !== this.#keyText) {
      this.#keyText = undefined;
      const room = exactWriteRoom(key.length);
      if (room > this.#key.length) this.#key = Buffer.allocUnsafeSlow(room * 2);
      const encoding = writeExact(key, this.#key);
      this.#keyLength = exactByteLength(key, encoding);
      this.#keyWide = encoding === "utf16le" ? 1 : 0;
      // Hashing the bytes just written, not the string: a key built with `+` is not flat, and reading it by character is slow.
      this.#keyHash = hashBytes(this.#key, this.#keyLength, this.#seed);
      this.#keyText = key;
    }
    return this.#index.find(this.#keyHash, this.#holdsKey);
  }

  readonly #holdsKey = (record: number): boolean => {
    if (!this.#intact(record)) return false;
    const at = this.#identityAt[record] as number;
    const bytes = this.#bytes.buffer(at);
    const offset = this.#bytes.offset(at);
    if (bytes.readUInt32LE(offset) !== this.#keyLength || bytes[offset + 8] !== this.#keyWide) return false;
    const start = offset + IDENTITY_HEAD;
    return this.#key.compare(bytes, start, start + this.#keyLength, 0, this.#keyLength) === 0;
  };

  /** Live, and neither its key nor its answer overwritten since. */
  #intact(record: number): boolean {
    const answerAt = this.#answerAt[record] as number;
    return (
      this.#live[record] === 1 &&
      this.#bytes.holds(this.#identityAt[record] as number) &&
      (answerAt === NONE || this.#bytes.holds(answerAt))
    );
  }

  #fingerprintOf(record: number): string {
    const at = this.#identityAt[record] as number;
    const bytes = this.#bytes.buffer(at);
    const offset = this.#bytes.offset(at);
    const start = offset + IDENTITY_HEAD + bytes.readUInt32LE(offset);
    return bytes.toString(encodingOf(bytes[offset + 9] as number), start, start + bytes.readUInt32LE(offset + 4));
  }

  /** A new record for the key in `#key`, dropping the oldest when all are in use. */
  #add(fingerprint: string, expiresAt: number): number {
    if (this.#tail - this.#head >= this.#maxEntries) this.#dropOldest();
    const record = this.#tail % this.#maxEntries;
    this.#tail++;
    this.#expiresAt[record] = expiresAt;
    this.#answerAt[record] = NONE;
    this.#writeIdentity(record, fingerprint);
    this.#live[record] = 1;
    this.#index.insert(record, this.#keyHash);
    return record;
  }

  #writeIdentity(record: number, fingerprint: string): void {
    this.#bytes.free(this.#identityAt[record] as number);
    const encoding = exactEncoding(fingerprint);
    const fingerprintLength = exactByteLength(fingerprint, encoding);
    const at = this.#bytes.allocate(IDENTITY_HEAD + this.#keyLength + fingerprintLength);
    const bytes = this.#bytes.buffer(at);
    const offset = this.#bytes.offset(at);
    bytes.writeUInt32LE(this.#keyLength, offset);
    bytes.writeUInt32LE(fingerprintLength, offset + 4);
    bytes[offset + 8] = this.#keyWide;
    bytes[offset + 9] = encoding === "utf16le" ? 1 : 0;
    this.#key.copy(bytes, offset + IDENTITY_HEAD, 0, this.#keyLength);
    bytes.write(fingerprint, offset + IDENTITY_HEAD + this.#keyLength, encoding);
    this.#identityAt[record] = at;
  }

  #storeAnswer(record: number, answer: Answer): void {
    this.#freeAnswer(record);
    if (answer !== this.#lastAnswer || !this.#bytes.holds(this.#lastAnswerAt)) {
      const encoded = encodeAnswer(answer);
      const at = this.#bytes.allocate(encoded.length);
      writeEncodedAnswer(encoded, this.#bytes.buffer(at), this.#bytes.offset(at));
      // Only ring bytes are shared: a large answer's own buffer is freed with its entry.
      this.#lastAnswer = at >= 0 ? answer : undefined;
      this.#lastAnswerAt = at;
      this.#lastAnswerLength = encoded.length;
    }
    this.#answerAt[record] = this.#lastAnswerAt;
    this.#answerLength[record] = this.#lastAnswerLength;
  }

  #freeAnswer(record: number): void {
    const at = this.#answerAt[record] as number;
    if (at !== NONE) this.#bytes.free(at);
  }

  #unindex(record: number): void {
    this.#index.remove(record);
    this.#live[record] = 0;
    this.#bytes.free(this.#identityAt[record] as number);
    this.#freeAnswer(record);
  }

  /** Creation order is roughly expiry order: drop from the oldest end while expired or gone. */
  #dropExpired(now: number): void {
    while (this.#head < this.#tail) {
      const oldest = this.#head % this.#maxEntries;
      if (this.#intact(oldest) && (this.#expiresAt[oldest] as number) > now) return;
      this.#dropOldest();
    }
  }

  #dropOldest(): void {
    const oldest = this.#head % this.#maxEntries;
    this.#head++;
    if (this.#live[oldest] === 1) this.#unindex(oldest);
  }
}

export function createMemoryStore(options?: MemoryStoreOptions): MemoryStore {
  return new MemoryStore(options);
}
