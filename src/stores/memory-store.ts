import type { Answer } from "../http/answer";
import type { ClaimResult, DokuStore } from "./store";

export interface MemoryStoreOptions {
  /** Entries kept at most; the oldest go first. Default 10,000. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  fingerprint: string;
  /** The answer packed into one string, about half the memory of the objects. */
  packed: string | undefined;
  expiresAt: number;
}

// `status\nheaders-json\nbody-bytes-as-latin1`: JSON.stringify escapes newlines, and latin1
// maps bytes to characters one to one, so the body comes back byte for byte.
function pack(answer: Answer): string {
  return `${answer.statusCode}\n${JSON.stringify(answer.headers)}\n${answer.body.toString("latin1")}`;
}

function unpack(packed: string): Answer {
  const endOfStatus = packed.indexOf("\n");
  const endOfHeaders = packed.indexOf("\n", endOfStatus + 1);
  return {
    statusCode: Number(packed.slice(0, endOfStatus)),
    headers: JSON.parse(packed.slice(endOfStatus + 1, endOfHeaders)) as Record<string, string>,
    body: Buffer.from(packed.slice(endOfHeaders + 1), "latin1"),
  };
}

/**
 * The default store: one process, bounded in size, expired entries dropped as it goes.
 * Apps on several machines need a shared store (see `createRedisStore`).
 */
export class MemoryStore implements DokuStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;

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
        : { state: "completed", fingerprint: entry.fingerprint, answer: unpack(entry.packed) };
    }
    this.#set(key, { fingerprint, packed: undefined, expiresAt: now + leaseMs });
    return { state: "claimed" };
  }

  async complete(key: string, fingerprint: string, answer: Answer, ttlMs: number): Promise<void> {
    this.#set(key, { fingerprint, packed: pack(answer), expiresAt: this.#now() + ttlMs });
  }

  async release(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  /** Insertion order is roughly expiry order: drop from the oldest end while expired. */
  #dropExpired(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) return;
      this.#entries.delete(key);
    }
  }

  #set(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}

export function createMemoryStore(options?: MemoryStoreOptions): MemoryStore {
  return new MemoryStore(options);
}
