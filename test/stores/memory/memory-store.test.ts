import fc from "fast-check";

import { type Answer, createMemoryStore, type MemoryStore } from "../../../src";
import { propertyRuns } from "../../support/property-runs";
import { asHolder } from "../../support/store-holder";

const answer = (body: string, status = 200): Answer => ({
  statusCode: status,
  headers: { "Content-Type": "application/json", "Request-Id": "é-ü-中" },
  body: Buffer.from(body),
});

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("the memory store", () => {
  it("claims once, reports pending, then completed with the exact answer", async () => {
    const store = asHolder(createMemoryStore());
    expect(await store.claim("k", "fp", 10_000)).toMatchObject({ state: "claimed" });
    expect(await store.claim("k", "other", 10_000)).toEqual({ state: "pending", fingerprint: "fp" });
    await store.complete("k", "fp", answer("one"), 60_000);
    const done = await store.claim("k", "fp", 10_000);
    expect(done).toMatchObject({ state: "completed", fingerprint: "fp" });
    expect(done.state === "completed" && done.answer.body.toString()).toBe("one");
  });

  it("releases a claim at work but never a finished answer", async () => {
    const store = asHolder(createMemoryStore());
    await store.claim("a", "fp", 10_000);
    await store.release("a");
    expect(await store.claim("a", "fp", 10_000)).toMatchObject({ state: "claimed" });
    await store.complete("a", "fp", answer("done"), 60_000);
    await store.release("a");
    expect((await store.claim("a", "fp", 10_000)).state).toBe("completed");
    await store.release("never-claimed");
    expect(store.store.size).toBe(1);
  });

  it("lets a lapsed claim or answer be claimed again, and drops expired entries as it goes", async () => {
    const time = clock();
    const store = asHolder(createMemoryStore({ now: time.now }));
    await store.claim("lease", "fp", 1_000);
    await store.claim("kept", "fp", 1_000);
    await store.complete("kept", "fp", answer("kept"), 60_000);
    time.advance(1_001);
    expect(await store.claim("lease", "fp2", 1_000)).toMatchObject({ state: "claimed" });
    expect((await store.claim("kept", "fp", 1_000)).state).toBe("completed");
    time.advance(60_000);
    expect(await store.claim("fresh", "fp", 1_000)).toMatchObject({ state: "claimed" });
    expect(store.store.size).toBe(1);
  });

  it("treats an entry as lapsed from the very millisecond it expires, and claims it once", async () => {
    const time = clock();
    const store = asHolder(createMemoryStore({ now: time.now }));
    await store.claim("lease", "fp", 1_000);
    await store.complete("done", "fp", answer("a"), 1_000);
    time.advance(999);
    expect(await store.claim("lease", "fp", 1_000)).toEqual({ state: "pending", fingerprint: "fp" });
    time.advance(1);
    expect(await store.claim("lease", "fp2", 1_000)).toMatchObject({ state: "claimed" });
    expect(await store.claim("lease", "fp3", 1_000)).toEqual({ state: "pending", fingerprint: "fp2" });
    expect(await store.claim("done", "fp", 1_000)).toMatchObject({ state: "claimed" });
    expect(await store.claim("done", "fp", 1_000)).toEqual({ state: "pending", fingerprint: "fp" });
  });

  it("tells apart keys whose 32-bit hashes collide (300,000 keys: a collision is all but certain)", async () => {
    const count = 300_000;
    const store = createMemoryStore({ maxEntries: count, maxBytes: count * 64 });
    // Neighbouring numbers, so that keys of other lengths and shared prefixes meet in the index.
    const keys = Array.from({ length: count }, (_, i) => (i % 3 === 0 ? `K${i}` : i % 3 === 1 ? `${i}` : `K${i}é`));
    let mixedUp = 0;
    for (const key of keys) if ((await store.claim(key, key, 60_000)).state !== "claimed") mixedUp++;
    for (const key of keys) {
      const again = await store.claim(key, "other", 60_000);
      if (again.state !== "pending" || again.fingerprint !== key) mixedUp++;
    }
    expect(mixedUp).toBe(0);
  }, 60_000);

  it("tells apart long keys that share their first few hundred bytes", async () => {
    const store = asHolder(createMemoryStore());
    const prefix = "p".repeat(300);
    for (const [i, tail] of ["a", "b", "é", "中"].entries()) {
      expect(await store.claim(`${prefix}${tail}`, `fp${i}`, 60_000)).toMatchObject({ state: "claimed" });
    }
    expect(await store.claim(`${prefix}b`, "x", 60_000)).toEqual({ state: "pending", fingerprint: "fp1" });
    expect(await store.claim(`${prefix}中`, "x", 60_000)).toEqual({ state: "pending", fingerprint: "fp3" });
    expect(await store.claim(prefix, "x", 60_000)).toMatchObject({ state: "claimed" });
  });

  it("records nothing for a claim dropped to make room: its holder no longer holds the key", async () => {
    const store = asHolder(createMemoryStore({ maxEntries: 1 }));
    await store.claim("first", "fp", 10_000);
    await store.claim("second", "fp", 10_000);
    expect(await store.complete("first", "fp", answer("late"), 60_000)).toBe(false);
    expect(await store.claim("first", "fp", 10_000)).toMatchObject({ state: "claimed" });
    expect(store.store.size).toBe(1);
  });

  it("keeps at most maxEntries, dropping the oldest first", async () => {
    const store = asHolder(createMemoryStore({ maxEntries: 3 }));
    for (let i = 0; i < 5000; i++) {
      await store.claim(`k${i}`, "fp", 60_000);
      if (i % 2 === 0) await store.complete(`k${i}`, "fp", answer(`a${i}`), 60_000);
      if (i % 7 === 0) await store.release(`k${i}`);
    }
    // The three newest are left (k4998 was released after it completed, so it stays).
    expect(store.store.size).toBe(3);
    expect(await store.claim("k4997", "fp", 60_000)).toEqual({ state: "pending", fingerprint: "fp" });
    expect((await store.claim("k4998", "fp", 60_000)).state).toBe("completed");
    expect(await store.claim("k4999", "fp", 60_000)).toEqual({ state: "pending", fingerprint: "fp" });
    expect(await store.claim("k4996", "fp", 60_000)).toMatchObject({ state: "claimed" });
    expect(await store.claim("k0", "fp", 60_000)).toMatchObject({ state: "claimed" });
  });

  it("stays correct when one answer object is stored under many keys", async () => {
    const store = asHolder(createMemoryStore());
    const shared = answer("shared");
    await store.complete("x", "fp", shared, 60_000);
    await store.complete("y", "fp", answer("other"), 60_000);
    await store.complete("z", "fp", shared, 60_000);
    for (const [key, body] of [
      ["x", "shared"],
      ["y", "other"],
      ["z", "shared"],
    ]) {
      const result = await store.claim(key as string, "fp", 1);
      expect(result.state === "completed" && result.answer.body.toString()).toBe(body);
    }
  });

  it("refuses a size that is not a positive integer", () => {
    for (const size of [0, -1, 1.5, Number.NaN]) {
      expect(() => createMemoryStore({ maxEntries: size })).toThrow(
        "express-doku: option `maxEntries` must be a whole number from 1",
      );
      expect(() => createMemoryStore({ maxBytes: size })).toThrow(
        "express-doku: option `maxBytes` must be a whole number from 1",
      );
    }
    expect(createMemoryStore({ maxEntries: 1, maxBytes: 1 }).size).toBe(0);
  });

  it("tells keys and fingerprints apart exactly: any code unit, lone surrogates too", async () => {
    const store = asHolder(createMemoryStore());
    const keys = ["\ud800", "\ud801", "\u0000\u0001", "\u0100", "é", "e\u0301", "中", "", "k".repeat(5_000)];
    for (const key of keys)
      expect(await store.claim(key, `fp:${key}\udfff`, 60_000)).toMatchObject({ state: "claimed" });
    for (const key of keys) {
      expect(await store.claim(key, "other", 60_000)).toEqual({ state: "pending", fingerprint: `fp:${key}\udfff` });
    }
    await store.complete("中", "新\ud800", answer("zh"), 60_000);
    expect(await store.claim("中", "x", 60_000)).toMatchObject({ state: "completed", fingerprint: "新\ud800" });
  });

  it("records the fingerprint the answer was completed with", async () => {
    const store = asHolder(createMemoryStore());
    await store.claim("k", "first", 60_000);
    await store.complete("k", "second", answer("a"), 60_000);
    expect(await store.claim("k", "x", 60_000)).toMatchObject({ state: "completed", fingerprint: "second" });
    // A finished answer is never written over, not even by the holder that wrote it.
    expect(await store.complete("k", "second", answer("b"), 60_000)).toBe(false);
    const result = await store.claim("k", "x", 60_000);
    expect(result.state === "completed" && [result.fingerprint, result.answer.body.toString()]).toEqual([
      "second",
      "a",
    ]);
  });

  it("drops the entries whose bytes it reused once maxBytes is spent", async () => {
    const store = asHolder(createMemoryStore({ maxEntries: 1_000, maxBytes: 4_096 }));
    for (let i = 0; i < 200; i++) {
      await store.claim(`key-${i}`, "fp", 60_000);
      await store.complete(`key-${i}`, "fp", answer(`answer-${i}`), 60_000);
    }
    // Each entry takes about 100 bytes of key and answer: only the newest few dozen are left.
    expect(store.store.size).toBeGreaterThan(20);
    expect(store.store.size).toBeLessThan(50);
    expect(await store.claim("key-0", "fp", 60_000)).toMatchObject({ state: "claimed" });
    const newest = await store.claim("key-199", "fp", 60_000);
    expect(newest.state === "completed" && newest.answer.body.toString()).toBe("answer-199");
  });

  it("keeps an entry whose own answer reuses the bytes of its key", async () => {
    const store = asHolder(createMemoryStore({ maxEntries: 100, maxBytes: 1_000 }));
    await store.claim("k", "fp", 60_000); // 13 bytes at the start of the ring
    for (let i = 0; i < 65; i++) await store.claim(`f${String(i).padStart(2, "0")}`, "fp", 60_000); // 15 bytes each
    await store.complete("k", "fp", answer("x".repeat(60)), 60_000); // wraps over the start
    const result = await store.claim("k", "fp", 60_000);
    expect(result.state === "completed" && result.answer.body.toString()).toBe("x".repeat(60));
  });

  it("keeps answers bigger than a quarter of maxBytes in buffers of their own", async () => {
    const store = asHolder(createMemoryStore({ maxEntries: 3, maxBytes: 1_024 }));
    const big = answer("b".repeat(5_000));
    await store.complete("big", "fp", big, 60_000);
    await store.complete("key", "f".repeat(2_000), answer("small"), 60_000);
    for (let i = 0; i < 20; i++) await store.complete("again", "fp", big, 60_000);
    for (const key of ["big", "again"]) {
      const result = await store.claim(key, "fp", 60_000);
      expect(result.state === "completed" && result.answer.body.equals(big.body)).toBe(true);
    }
    const keyed = await store.claim("key", "x", 60_000);
    expect(keyed.state === "completed" && keyed.fingerprint).toBe("f".repeat(2_000));
    await store.claim("one", "fp", 60_000);
    await store.claim("two", "fp", 60_000);
    expect(await store.claim("big", "fp", 60_000)).toMatchObject({ state: "claimed" });
  });

  it("never shares a large answer's own buffer between keys", async () => {
    const store = asHolder(createMemoryStore({ maxEntries: 2, maxBytes: 1_024 }));
    const big = answer("b".repeat(2_000));
    await store.complete("b", "fp", big, 60_000);
    await store.complete("a", "fp", big, 60_000);
    await store.claim("c", "fp", 60_000); // drops the oldest, b, and gives b's buffer back
    const a = await store.claim("a", "fp", 60_000);
    expect(a.state === "completed" && a.answer.body.equals(big.body)).toBe(true);
  });

  it("lets an entry lapse at its very millisecond even behind an older one still live, and claims it afresh", async () => {
    const time = clock();
    const store = asHolder(createMemoryStore({ now: time.now }));
    await store.claim("old", "fp", 60_000);
    await store.claim("lease", "fp", 1_000);
    time.advance(1_000);
    expect(await store.claim("lease", "fp2", 1_000)).toMatchObject({ state: "claimed" });
    expect(await store.complete("lease", "fp2", answer("fresh"), 60_000)).toBe(true);
    const done = await store.claim("lease", "x", 1_000);
    expect(done.state === "completed" && done.answer.body.toString()).toBe("fresh");
    expect(await store.claim("old", "x", 1_000)).toEqual({ state: "pending", fingerprint: "fp" });
  });

  it("writes the shared answer again once the ring has reused its bytes", async () => {
    const store = asHolder(createMemoryStore({ maxEntries: 1_000, maxBytes: 2_048 }));
    const done = answer('{"status":"OK"}');
    for (let i = 0; i < 300; i++) await store.complete(`notification:${i}`, "fp".repeat(20), done, 60_000);
    const newest = await store.claim("notification:299", "x", 60_000);
    expect(newest.state === "completed" && newest.answer.body.toString()).toBe('{"status":"OK"}');
    expect(store.store.size).toBeGreaterThan(10);
  });
});

type Op =
  | { op: "claim"; key: string; fp: string; ms: number }
  // `age` picks which of the key's tokens is used: 0 the newest, more an older (stale) one.
  | { op: "complete"; key: string; fp: string; ms: number; age: number }
  | { op: "release"; key: string; age: number }
  | { op: "renew"; key: string; ms: number; age: number }
  | { op: "advance"; ms: number };

interface ModelEntry {
  key: string;
  fp: string;
  token: number;
  expiresAt: number;
  body?: string;
}

/** The store's contract, written the plain way: a Map and a queue in creation order. */
class ModelStore {
  readonly entries = new Map<string, ModelEntry>();
  readonly queue: ModelEntry[] = [];
  lastToken = 0;
  constructor(
    readonly maxEntries: number,
    readonly now: () => number,
  ) {}

  claim(key: string, fp: string, leaseMs: number): { result: object; token?: number } {
    while (this.queue.length > 0) {
      const oldest = this.queue[0] as ModelEntry;
      if (this.entries.get(oldest.key) === oldest && oldest.expiresAt > this.now()) break;
      this.dropOldest();
    }
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expiresAt > this.now()) {
      return {
        result:
          entry.body === undefined
            ? { state: "pending", fingerprint: entry.fp }
            : { state: "completed", fingerprint: entry.fp, body: entry.body },
      };
    }
    const token = ++this.lastToken;
    this.add({ key, fp, token, expiresAt: this.now() + leaseMs });
    return { result: { state: "claimed" }, token };
  }

  /** The claim at work that `token` made on `key`, if it still stands. */
  held(key: string, token: number | undefined): ModelEntry | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.body === undefined && entry.token === token ? entry : undefined;
  }

  complete(key: string, token: number | undefined, fp: string, body: string, ttlMs: number): boolean {
    const entry = this.held(key, token);
    if (entry !== undefined) Object.assign(entry, { fp, body, expiresAt: this.now() + ttlMs });
    return entry !== undefined;
  }

  release(key: string, token: number | undefined): boolean {
    const entry = this.held(key, token);
    if (entry !== undefined) this.entries.delete(key);
    return entry !== undefined;
  }

  renew(key: string, token: number | undefined, leaseMs: number): boolean {
    const entry = this.held(key, token);
    if (entry !== undefined) entry.expiresAt = this.now() + leaseMs;
    return entry !== undefined;
  }

  add(entry: ModelEntry): ModelEntry {
    if (this.queue.length >= this.maxEntries) this.dropOldest();
    this.queue.push(entry);
    this.entries.set(entry.key, entry);
    return entry;
  }

  dropOldest() {
    const oldest = this.queue.shift() as ModelEntry;
    if (this.entries.get(oldest.key) === oldest) this.entries.delete(oldest.key);
  }
}

const keyArb = fc.constantFrom("k0", "k1", "k2", "k3", "k4", "k5", "é", "中", "\ud800", "");
const ageArb = fc.constantFrom(0, 0, 0, 1, 2);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("claim" as const),
    key: keyArb,
    fp: fc.constantFrom("a", "b", "ü"),
    ms: fc.integer({ min: 1, max: 100 }),
  }),
  fc.record({
    op: fc.constant("complete" as const),
    key: keyArb,
    fp: fc.constantFrom("a", "b", "ü"),
    ms: fc.integer({ min: 1, max: 100 }),
    age: ageArb,
  }),
  fc.record({ op: fc.constant("release" as const), key: keyArb, age: ageArb }),
  fc.record({ op: fc.constant("renew" as const), key: keyArb, ms: fc.integer({ min: 1, max: 100 }), age: ageArb }),
  fc.record({ op: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 60 }) }),
);

/** The tokens each side handed out per key, newest first, so that an op uses the same (possibly stale) one on both. */
class Tokens<T> {
  readonly #byKey = new Map<string, T[]>();
  add(key: string, token: T): void {
    this.#byKey.set(key, [token, ...(this.#byKey.get(key) ?? [])]);
  }
  get(key: string, age: number): T | undefined {
    return this.#byKey.get(key)?.[age];
  }
}

const seen = (result: Awaited<ReturnType<MemoryStore["claim"]>>) =>
  result.state === "completed"
    ? { state: result.state, fingerprint: result.fingerprint, body: result.answer.body.toString() }
    : result.state === "claimed"
      ? { state: "claimed" }
      : result;

describe("the memory store against its contract", () => {
  it("answers every sequence of calls exactly as the plain model does", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(opArb, { maxLength: 120 }), async (maxEntries, ops) => {
        const time = clock();
        const store = createMemoryStore({ maxEntries, now: time.now });
        const model = new ModelStore(maxEntries, time.now);
        const storeTokens = new Tokens<string>();
        const modelTokens = new Tokens<number>();
        for (const [n, step] of ops.entries()) {
          if (step.op === "advance") time.advance(step.ms);
          else if (step.op === "claim") {
            const result = await store.claim(step.key, step.fp, step.ms);
            const expected = model.claim(step.key, step.fp, step.ms);
            expect(seen(result)).toEqual(expected.result);
            if (result.state === "claimed") storeTokens.add(step.key, result.token);
            if (expected.token !== undefined) modelTokens.add(step.key, expected.token);
          } else {
            const token = storeTokens.get(step.key, step.age) ?? "never-claimed";
            const modelToken = modelTokens.get(step.key, step.age);
            const body = `${JSON.stringify(step.key)}|${n}`;
            if (step.op === "complete")
              expect(await store.complete(step.key, token, step.fp, answer(body), step.ms)).toBe(
                model.complete(step.key, modelToken, step.fp, body, step.ms),
              );
            else if (step.op === "release")
              expect(await store.release(step.key, token)).toBe(model.release(step.key, modelToken));
            else expect(await store.renew(step.key, token, step.ms)).toBe(model.renew(step.key, modelToken, step.ms));
          }
        }
        expect(store.size).toBe(model.entries.size);
      }),
      // Cheap enough to keep every case under Stryker as well.
      { numRuns: 1_000 },
    );
  });

  it("with a small maxBytes, only forgets: never returns a fingerprint or answer nobody stored", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 64, max: 600 }),
        fc.array(opArb, { maxLength: 150 }),
        async (maxBytes, ops) => {
          const time = clock();
          const store = asHolder(createMemoryStore({ maxEntries: 50, maxBytes, now: time.now }));
          for (const [n, step] of ops.entries()) {
            if (step.op === "advance") time.advance(step.ms);
            else if (step.op === "release") await store.release(step.key);
            else if (step.op === "renew") await store.renew(step.key, step.ms);
            // Fingerprints and bodies name their key, so a mix-up of keys shows.
            else if (step.op === "complete")
              await store.complete(
                step.key,
                `${step.key}/${step.fp}`,
                answer(`${JSON.stringify(step.key)}|${n}|${JSON.stringify(`${step.key}/${step.fp}`)}`),
                step.ms,
              );
            else {
              const result = await store.claim(step.key, `${step.key}/${step.fp}`, step.ms);
              if (result.state !== "claimed") expect(result.fingerprint.startsWith(`${step.key}/`)).toBe(true);
              if (result.state === "completed") {
                const [key, , fingerprint] = result.answer.body.toString().split("|");
                expect([key, fingerprint]).toEqual([JSON.stringify(step.key), JSON.stringify(result.fingerprint)]);
              }
            }
          }
        },
      ),
      { numRuns: propertyRuns(1_000) },
    );
  });
});
