import { createHash, randomBytes } from "node:crypto";

import type { Answer } from "../http/answer";
import { optionalFunction } from "../options/function-option";
import { timerMs } from "../options/number-options";
import { optionError } from "../options/option-error";
import { readyWithin } from "./ready-within";
import { type RedisCall, redisDurability } from "./redis-durability";
import type { ClaimResult, DokuStore, Readiness, ReadyOptions } from "./store";

/** The ioredis methods the store uses; any client with them (ioredis 5 or 6, a Cluster) fits. */
export interface RedisLikeClient {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  /** Runs a script Redis already holds, by its SHA-1; without it every call sends the whole script. */
  evalsha?(sha1: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  /** For the one durability check on first use (`CONFIG GET`); without it the check says it could not look. */
  call?(command: string, ...args: Array<string | number>): Promise<unknown>;
}

/** What the store says about itself: once, on first use, when Redis's settings risk a second run or cannot be read. */
export interface RedisStoreEvent {
  level: "warn";
  reason: "durability_risk" | "durability_unknown";
  detail: string;
}

export interface RedisStoreOptions {
  /** An ioredis client. Create it with `{ enableOfflineQueue: false, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false, enableAutoPipelining: true }`: a command never runs late, after its request was answered, and concurrent requests share writes. */
  client: RedisLikeClient;
  /** Prefix for every key. Default `express-doku:`. */
  prefix?: string;
  /** How long one store operation may take before the request is answered without it. Default 1,000 ms. */
  operationTimeoutMs?: number;
  /** Told once, on first use, when Redis's persistence or eviction policy could run a handled notification again. */
  onEvent?: (event: RedisStoreEvent) => void;
}

// Each script touches one key, so that it runs unchanged on Redis Cluster. A claim holds its
// holder's token; complete, release and renew compare it before they write.

// Claim: take the key if free; otherwise return what is there, unchanged.
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

// The claim still at work under this token: the only state complete, release and renew change.
const HELD = `
local held = redis.call('GET', KEYS[1])
if not held then return false end
local record = cjson.decode(held)
if record.s ~= 'p' or record.t ~= ARGV[1] then return false end`;

const COMPLETE = `${HELD}
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

const RELEASE = `${HELD}
redis.call('DEL', KEYS[1])
return 1`;

const RENEW = `${HELD}
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** A script and its SHA-1, for EVALSHA. */
interface Script {
  source: string;
  sha1: string;
}

const script = (source: string): Script => ({ source, sha1: createHash("sha1").update(source).digest("hex") });
const SCRIPTS = { claim: script(CLAIM), complete: script(COMPLETE), release: script(RELEASE), renew: script(RENEW) };

// Redis's answer to EVALSHA when it does not hold the script (restarted, flushed, another cluster node).
const isNoScript = (error: unknown) => error instanceof Error && error.message.startsWith("NOSCRIPT");

interface PendingRecord {
  s: "p";
  f: string;
  t: string;
}
interface CompletedRecord {
  s: "c";
  f: string;
  c: number;
  h: Record<string, string>;
  b: string;
}

function decode(value: unknown, token: string): ClaimResult {
  if (typeof value !== "string") return { state: "claimed", token };
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
  readonly #onEvent: ((event: RedisStoreEvent) => void) | undefined;
  #checked = false;
  // Tokens: random per store, then counted: unique across instances and claims, and no call to
  // the random source per claim. They mark who holds a claim; they are not secrets.
  readonly #tokenPrefix = randomBytes(12).toString("base64url");
  #tokens = 0;
  // The notification router records one constant answer under every key: its JSON made once.
  #lastAnswer: Answer | undefined;
  #lastAnswerJson = "";

  constructor(options: RedisStoreOptions) {
    if (typeof options?.client?.eval !== "function") throw optionError("client", "must be an ioredis client");
    this.#client = options.client;
    this.#prefix = options.prefix ?? "express-doku:";
    this.#timeoutMs = timerMs("operationTimeoutMs", options.operationTimeoutMs, 1_000);
    this.#onEvent = optionalFunction("onEvent", options.onEvent);
  }

  async claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
    if (!this.#checked) this.#checkDurability();
    const token = this.#tokenPrefix + (++this.#tokens).toString(36);
    const pending: PendingRecord = { s: "p", f: fingerprint, t: token };
    return decode(await this.#run(SCRIPTS.claim, key, JSON.stringify(pending), Math.ceil(leaseMs)), token);
  }

  async complete(key: string, token: string, fingerprint: string, answer: Answer, ttlMs: number): Promise<boolean> {
    // The JSON of a CompletedRecord, its fields in that order: `s`, `f`, then the answer's.
    const record = `{"s":"c","f":${JSON.stringify(fingerprint)},${this.#answerJson(answer)}}`;
    return (await this.#run(SCRIPTS.complete, key, token, record, Math.ceil(ttlMs))) === 1;
  }

  /** The answer's fields of a CompletedRecord, as JSON without its braces. */
  #answerJson(answer: Answer): string {
    if (answer !== this.#lastAnswer) {
      const fields: Omit<CompletedRecord, "s" | "f"> = {
        c: answer.statusCode,
        h: { ...answer.headers },
        b: answer.body.toString("base64"),
      };
      this.#lastAnswerJson = JSON.stringify(fields).slice(1, -1);
      this.#lastAnswer = answer;
    }
    return this.#lastAnswerJson;
  }

  async release(key: string, token: string): Promise<boolean> {
    return (await this.#run(SCRIPTS.release, key, token)) === 1;
  }

  async renew(key: string, token: string, leaseMs: number): Promise<boolean> {
    return (await this.#run(SCRIPTS.renew, key, token, Math.ceil(leaseMs))) === 1;
  }

  /**
   * Once: Redis's persistence and eviction policy, told to `onEvent` when they risk a second run
   * of a handled notification (or cannot be read).
   */
  #checkDurability(): void {
    this.#checked = true;
    const onEvent = this.#onEvent;
    if (onEvent === undefined) return;
    void redisDurability(this.#call()).then((finding) => {
      if (finding === undefined) return;
      try {
        onEvent({ level: "warn", ...finding });
      } catch {
        // the hook's own failure is the hook's
      }
    });
  }

  #call(): RedisCall | undefined {
    return this.#client.call?.bind(this.#client);
  }

  /**
   * For a readiness probe: ready when Redis answers PING within `timeoutMs` (default 1,000 ms);
   * Redis's persistence and eviction settings that risk a second run come back as warnings.
   * Never rejects.
   */
  ready(options?: ReadyOptions): Promise<Readiness> {
    return readyWithin(options, "Redis", async () => {
      const call = this.#call();
      try {
        await (call === undefined ? this.#client.eval("return redis.call('PING')", 0) : call("PING"));
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        return { ready: false, detail: `Redis did not answer PING: ${why}`, warnings: [] };
      }
      const finding = await redisDurability(call);
      return { ready: true, detail: "Redis answered PING", warnings: finding === undefined ? [] : [finding.detail] };
    });
  }

  /**
   * The script's reply, or a rejection after `operationTimeoutMs`: one promise, settled by
   * whichever comes first. EVALSHA, and EVAL (which loads the script) the first time a Redis
   * does not hold it.
   */
  #run(script: Script, key: string, ...args: Array<string | number>): Promise<unknown> {
    const client = this.#client;
    const name = this.#prefix + key;
    const timeoutMs = this.#timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
      const done = (reply: unknown) => {
        clearTimeout(timer);
        resolve(reply);
      };
      // Whatever the client rejected with, passed on as it is.
      const failed = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      const evalScript = () => settle(() => client.eval(script.source, 1, name, ...args), done, failed);
      if (client.evalsha === undefined) return evalScript();
      settle(
        () => client.evalsha!(script.sha1, 1, name, ...args),
        done,
        (error) => (isNoScript(error) ? evalScript() : failed(error)),
      );
    });
  }
}

/** Runs one client call to `done` or `failed`; a client that throws where it should reject fails the same way. */
function settle(call: () => Promise<unknown>, done: (reply: unknown) => void, failed: (error: Error) => void): void {
  try {
    call().then(done, failed);
  } catch (error) {
    failed(error as Error);
  }
}

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  return new RedisStore(options);
}
