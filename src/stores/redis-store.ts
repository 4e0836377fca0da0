import type { Answer } from "../http/answer";
import type { ClaimResult, DokuStore } from "./store";

/** The one ioredis method the store uses; any client with it (ioredis 5 or 6, a Cluster) fits. */
export interface RedisLikeClient {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

export interface RedisStoreOptions {
  /** An ioredis client. Create it with `{ enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false }` so a command never runs late, after its request was answered. */
  client: RedisLikeClient;
  /** Prefix for every key. Default `express-doku:`. */
  prefix?: string;
  /** How long one store operation may take before the request is answered without it. Default 1,000 ms. */
  operationTimeoutMs?: number;
}

// Claim: take the key if free; otherwise return what is there, unchanged. One round trip, atomic.
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

const COMPLETE = `redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1`;

// Release drops a claim still at work, never a finished answer.
const RELEASE = `
local held = redis.call('GET', KEYS[1])
if held and cjson.decode(held).s == 'p' then redis.call('DEL', KEYS[1]) end
return 1`;

interface PendingRecord { s: "p"; f: string }
interface CompletedRecord { s: "c"; f: string; c: number; h: Record<string, string>; b: string }

function decode(value: unknown): ClaimResult {
  if (typeof value !== "string") return { state: "claimed" };
  const record = JSON.parse(value) as PendingRecord | CompletedRecord;
  if (record.s === "p") return { state: "pending", fingerprint: record.f };
  return {
    state: "completed",
    fingerprint: record.f,
    answer: { statusCode: record.c, headers: record.h, body: Buffer.from(record.b, "base64") },
  };
}

/** Redis replay/idempotency store for apps on several machines. Every key expires. */
export class RedisStore implements DokuStore {
  readonly #client: RedisLikeClient;
  readonly #prefix: string;
  readonly #timeoutMs: number;

  constructor(options: RedisStoreOptions) {
    if (typeof options?.client?.eval !== "function") {
      throw new TypeError("createRedisStore: option `client` must be an ioredis client");
    }
    this.#client = options.client;
    this.#prefix = options.prefix ?? "express-doku:";
    this.#timeoutMs = options.operationTimeoutMs ?? 1_000;
  }

  async claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    const pending: PendingRecord = { s: "p", f: fingerprint };
    return decode(await this.#run(CLAIM, key, JSON.stringify(pending), Math.ceil(leaseMs)));
  }

  async complete(key: string, fingerprint: string, answer: Answer, ttlMs: number): Promise<void> {
    const record: CompletedRecord = { s: "c", f: fingerprint, c: answer.statusCode, h: { ...answer.headers }, b: answer.body.toString("base64") };
    await this.#run(COMPLETE, key, JSON.stringify(record), Math.ceil(ttlMs));
  }

  async release(key: string): Promise<void> {
    await this.#run(RELEASE, key);
  }

  async #run(script: string, key: string, ...args: Array<string | number>): Promise<unknown> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    try {
      return await Promise.race([this.#client.eval(script, 1, this.#prefix + key, ...args), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  return new RedisStore(options);
}
