import fc from "fast-check";
import type { Answer } from "../../src";
import { encodeAnswer, readAnswer, writeAnswer } from "../../src/stores/answer-bytes";
import { ByteRing } from "../../src/stores/byte-ring";
import { exactByteLength, exactEncoding } from "../../src/stores/exact-string";
import { hashKey, KeyIndex } from "../../src/stores/key-index";
import { propertyRuns } from "../support/property-runs";

describe("answer bytes", () => {
  const roundTrip = (answer: Answer, at = 3) => {
    const encoded = encodeAnswer(answer);
    const into = Buffer.alloc(at + encoded.length + 5, 0xee);
    writeAnswer(encoded, into, at);
    return { back: readAnswer(into, at, encoded.length), into, encoded };
  };

  it("gives an answer back byte for byte: status, headers in order, any body bytes", () => {
    const answers: Answer[] = [
      { statusCode: 200, headers: { "Content-Type": "application/json", "Request-Id": "é-ü-中" }, body: Buffer.from('{"ok":"é"}') },
      { statusCode: 503, headers: { b: "2", a: '1\n"x"' }, body: Buffer.from([0, 10, 255, 128, 13]) },
      { statusCode: 204, headers: {}, body: Buffer.alloc(0) },
      { statusCode: 65_535, headers: { "X-Big": "y".repeat(70_000) }, body: Buffer.alloc(40_000, 0x61) },
    ];
    for (const answer of answers) {
      const { back, encoded } = roundTrip(answer);
      expect(back.statusCode).toBe(answer.statusCode);
      expect(Object.entries(back.headers)).toEqual(Object.entries(answer.headers));
      expect(back.body.equals(answer.body)).toBe(true);
      expect(encoded.length).toBe(6 + Buffer.byteLength(JSON.stringify(answer.headers)) + answer.body.length);
    }
  });

  it("writes only its own bytes and hands out a copy, never a view", () => {
    const { back, into, encoded } = roundTrip({ statusCode: 200, headers: { a: "b" }, body: Buffer.from("abc") });
    expect(into.subarray(0, 3).equals(Buffer.alloc(3, 0xee))).toBe(true);
    expect(into.subarray(3 + encoded.length).equals(Buffer.alloc(5, 0xee))).toBe(true);
    back.body[0] = 0x7a;
    expect(readAnswer(into, 3, encoded.length).body.toString()).toBe("abc");
  });
});

describe("the byte ring", () => {
  it("hands out positions one after another and knows which bytes later writes reused", () => {
    const ring = new ByteRing(100);
    const a = ring.allocate(20);
    const b = ring.allocate(20);
    expect([a, b]).toEqual([0, 20]);
    expect(ring.offset(b)).toBe(20);
    ring.allocate(25);
    ring.allocate(25); // ends at 90: the next 20 bytes do not fit at the end
    expect(ring.holds(a)).toBe(true);
    const c = ring.allocate(20);
    expect([c, ring.offset(c)]).toEqual([100, 0]);
    expect(ring.holds(a)).toBe(false);
    expect(ring.holds(b)).toBe(true);
    expect(ring.buffer(c).length).toBe(100);
    const d = ring.allocate(25);
    expect([d, ring.offset(d)]).toEqual([120, 20]);
    expect(ring.holds(b)).toBe(false);
  });

  it("fills the ring to the last byte before it wraps", () => {
    const ring = new ByteRing(100);
    for (let i = 0; i < 4; i++) ring.allocate(25);
    expect(ring.allocate(25)).toBe(100);
  });

  it("gives a blob over a quarter of the ring its own buffer, until freed", () => {
    const ring = new ByteRing(100);
    const quarter = ring.allocate(25);
    expect(quarter).toBeGreaterThanOrEqual(0);
    const large = ring.allocate(26);
    const other = ring.allocate(1_000);
    expect([large, other]).toEqual([-2, -3]);
    expect(ring.buffer(large).length).toBe(26);
    expect(ring.buffer(other).length).toBe(1_000);
    expect(ring.offset(large)).toBe(0);
    for (let i = 0; i < 10; i++) ring.allocate(25);
    expect(ring.holds(large)).toBe(true);
    ring.free(large);
    expect([ring.holds(large), ring.holds(other)]).toEqual([false, true]);
    ring.free(0); // ring bytes: nothing to give back
    expect(ring.holds(-1)).toBe(false);
  });

  it("never hands out bytes that overlap a blob it still says it holds", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 300 }), fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 60 }), (capacity, sizes) => {
        const ring = new ByteRing(capacity);
        const blobs: { at: number; length: number; fill: number }[] = [];
        sizes.forEach((length, fill) => {
          const at = ring.allocate(length);
          ring.buffer(at).fill(fill, ring.offset(at), ring.offset(at) + length);
          blobs.push({ at, length, fill });
        });
        for (const { at, length, fill } of blobs) {
          if (!ring.holds(at)) continue;
          const bytes = ring.buffer(at).subarray(ring.offset(at), ring.offset(at) + length);
          expect(bytes.every((byte) => byte === fill)).toBe(true);
        }
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});

describe("the key index", () => {
  it("finds, inserts and removes like a Map, through collisions and wrap-around", () => {
    // Few distinct hashes in a small table: long probe runs that wrap past the end.
    const command = fc.oneof(
      fc.record({ op: fc.constant("insert" as const), key: fc.integer({ min: 0, max: 11 }) }),
      fc.record({ op: fc.constant("remove" as const), key: fc.integer({ min: 0, max: 11 }) }),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 200 }), fc.integer({ min: 0, max: 31 }), (commands, salt) => {
        const index = new KeyIndex(12);
        const hashOf = (key: number) => ((key % 3) * 7 + salt) | 0;
        const model = new Map<number, number>();
        for (const { op, key } of commands) {
          if (op === "insert" && !model.has(key)) {
            index.insert(key, hashOf(key));
            model.set(key, key);
          } else if (op === "remove" && model.has(key)) {
            index.remove(key);
            model.delete(key);
          }
          for (let probe = 0; probe < 12; probe++) {
            expect(index.find(hashOf(probe), (record) => record === probe)).toBe(model.has(probe) ? probe : -1);
          }
        }
      }),
      { numRuns: 300 }, // cheap: every case under Stryker too
    );
  });

  it("asks about a record only when its hash is the one sought", () => {
    const index = new KeyIndex(4);
    index.insert(0, 5);
    index.insert(1, 21); // same slot in a 16-slot table, another hash
    const asked: number[] = [];
    expect(index.find(21, (record) => (asked.push(record), true))).toBe(1);
    expect(asked).toEqual([1]);
  });

  it("hashes every code unit, salted by the seed", () => {
    expect(hashKey("inquiry:A:1", 7)).toBe(hashKey("inquiry:A:1", 7));
    expect(hashKey("inquiry:A:1", 7)).not.toBe(hashKey("inquiry:A:1", 8));
    expect(hashKey("inquiry:A:1", 7)).not.toBe(hashKey("inquiry:A:2", 7));
    expect(hashKey("a\u0100", 0)).not.toBe(hashKey("a\u0000", 0));
    expect(Number.isInteger(hashKey("", 0))).toBe(true);
    const seen = new Set(Array.from({ length: 10_000 }, (_, i) => hashKey(`inquiry:MCH-1:${i}`, 1) & 0x3fff));
    expect(seen.size).toBeGreaterThan(5_000); // spread over the low bits the index uses
  });
});

describe("exact string bytes", () => {
  it("writes latin1 when every code unit fits in a byte, UTF-16 otherwise", () => {
    expect(exactEncoding("ÿ plain ~")).toBe("latin1");
    expect(exactEncoding("")).toBe("latin1");
    expect(exactEncoding("aĀ")).toBe("utf16le");
    expect(exactEncoding("\ud800")).toBe("utf16le");
    expect(exactByteLength("abc", "latin1")).toBe(3);
    expect(exactByteLength("abc", "utf16le")).toBe(6);
  });

  it("reads back the very same string, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const encoding = exactEncoding(text);
        const bytes = Buffer.alloc(exactByteLength(text, encoding));
        expect(bytes.write(text, 0, encoding)).toBe(bytes.length);
        expect(bytes.toString(encoding)).toBe(text);
      }),
      { numRuns: propertyRuns(1_000) },
    );
  });
});
