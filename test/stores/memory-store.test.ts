import { MemoryStore, type Answer } from "../../src";
import { AnswerArena, unpackAnswer, type PackedAnswer } from "../../src/stores/answer-arena";

const answer = (body: string, status = 200): Answer => ({
  statusCode: status,
  headers: { "Content-Type": "application/json", "Request-Id": "é-ü-中" },
  body: Buffer.from(body),
});

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

const slot = (): PackedAnswer => ({ arena: undefined, offset: 0, length: 0 });
const unpack = (p: PackedAnswer) => unpackAnswer(p.arena as Buffer, p.offset, p.length);

describe("the answer arena", () => {
  it("gives answers back byte for byte: status, headers in order, any body bytes", () => {
    const arena = new AnswerArena();
    const binary: Answer = { statusCode: 503, headers: { b: "2", a: "1\n\"x\"" }, body: Buffer.from([0, 10, 255, 128, 13]) };
    const big: Answer = { statusCode: 200, headers: { "Content-Type": "application/json" }, body: Buffer.alloc(40_000, 0x61) };
    const answers = [answer('{"ok":"é"}'), binary, { statusCode: 204, headers: {}, body: Buffer.alloc(0) }, big];
    // Enough of them to fill several arenas; every record stays intact.
    const stored = Array.from({ length: 400 }, (_, i) => {
      const original = answers[i % answers.length] as Answer;
      const copy = { ...original, body: Buffer.from(original.body) };
      const packed = slot();
      arena.pack(copy, packed);
      return { original, packed };
    });
    for (const { original, packed } of stored) {
      const back = unpack(packed);
      expect(back.statusCode).toBe(original.statusCode);
      expect(Object.entries(back.headers)).toEqual(Object.entries(original.headers));
      expect(back.body.equals(original.body)).toBe(true);
    }
  });

  it("hands out a copy, never a view of what is stored", () => {
    const packed = slot();
    new AnswerArena().pack(answer("abc"), packed);
    unpack(packed).body[0] = 0x7a;
    expect(unpack(packed).body.toString()).toBe("abc");
  });

  it("writes one answer object once, however many keys store it", () => {
    const arena = new AnswerArena();
    const done = answer("{}");
    const [a, b, c] = [slot(), slot(), slot()];
    arena.pack(done, a);
    arena.pack(answer("other"), b);
    arena.pack(done, c);
    expect(unpack(c).body.toString()).toBe("{}");
    expect(unpack(b).body.toString()).toBe("other");
    const [d, e] = [slot(), slot()];
    arena.pack(done, d);
    arena.pack(done, e);
    expect([e.arena, e.offset]).toEqual([d.arena, d.offset]);
  });
});

describe("the memory store", () => {
  it("claims once, reports pending, then completed with the exact answer", async () => {
    const store = new MemoryStore();
    expect(await store.claim("k", "fp", 10_000)).toEqual({ state: "claimed" });
    expect(await store.claim("k", "other", 10_000)).toEqual({ state: "pending", fingerprint: "fp" });
    await store.complete("k", "fp", answer("one"), 60_000);
    const done = await store.claim("k", "fp", 10_000);
    expect(done).toMatchObject({ state: "completed", fingerprint: "fp" });
    expect(done.state === "completed" && done.answer.body.toString()).toBe("one");
  });

  it("releases a claim at work but never a finished answer", async () => {
    const store = new MemoryStore();
    await store.claim("a", "fp", 10_000);
    await store.release("a");
    expect(await store.claim("a", "fp", 10_000)).toEqual({ state: "claimed" });
    await store.complete("a", "fp", answer("done"), 60_000);
    await store.release("a");
    expect((await store.claim("a", "fp", 10_000)).state).toBe("completed");
    await store.release("never-claimed");
    expect(store.size).toBe(1);
  });

  it("lets a lapsed claim or answer be claimed again, and drops expired entries as it goes", async () => {
    const time = clock();
    const store = new MemoryStore({ now: time.now });
    await store.claim("lease", "fp", 1_000);
    await store.claim("kept", "fp", 1_000);
    await store.complete("kept", "fp", answer("kept"), 60_000);
    time.advance(1_001);
    expect(await store.claim("lease", "fp2", 1_000)).toEqual({ state: "claimed" });
    expect((await store.claim("kept", "fp", 1_000)).state).toBe("completed");
    time.advance(60_000);
    expect(await store.claim("fresh", "fp", 1_000)).toEqual({ state: "claimed" });
    expect(store.size).toBe(1);
  });

  it("records an answer for a key it no longer holds a claim for", async () => {
    const store = new MemoryStore({ maxEntries: 1 });
    await store.claim("first", "fp", 10_000);
    await store.claim("second", "fp", 10_000);
    await store.complete("first", "fp", answer("late"), 60_000);
    const result = await store.claim("first", "fp", 10_000);
    expect(result.state === "completed" && result.answer.body.toString()).toBe("late");
    expect(store.size).toBe(1);
  });

  it("keeps at most maxEntries, dropping the oldest first", async () => {
    const store = new MemoryStore({ maxEntries: 3 });
    for (let i = 0; i < 5000; i++) {
      await store.claim(`k${i}`, "fp", 60_000);
      if (i % 2 === 0) await store.complete(`k${i}`, "fp", answer(`a${i}`), 60_000);
      if (i % 7 === 0) await store.release(`k${i}`);
    }
    // The three newest are left (k4998 was released after it completed, so it stays).
    expect(store.size).toBe(3);
    expect(await store.claim("k4997", "fp", 60_000)).toEqual({ state: "pending", fingerprint: "fp" });
    expect((await store.claim("k4998", "fp", 60_000)).state).toBe("completed");
    expect(await store.claim("k4999", "fp", 60_000)).toEqual({ state: "pending", fingerprint: "fp" });
    expect(await store.claim("k4996", "fp", 60_000)).toEqual({ state: "claimed" });
    expect(await store.claim("k0", "fp", 60_000)).toEqual({ state: "claimed" });
  });

  it("stays correct when one answer object is stored under many keys", async () => {
    const store = new MemoryStore();
    const shared = answer("shared");
    await store.complete("x", "fp", shared, 60_000);
    await store.complete("y", "fp", answer("other"), 60_000);
    await store.complete("z", "fp", shared, 60_000);
    for (const [key, body] of [["x", "shared"], ["y", "other"], ["z", "shared"]]) {
      const result = await store.claim(key as string, "fp", 1);
      expect(result.state === "completed" && result.answer.body.toString()).toBe(body);
    }
  });

  it("refuses a size that is not a positive integer", () => {
    for (const maxEntries of [0, -1, 1.5, Number.NaN]) {
      expect(() => new MemoryStore({ maxEntries })).toThrow(/maxEntries must be a positive integer/);
    }
  });
});
