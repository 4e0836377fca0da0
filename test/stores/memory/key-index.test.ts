import fc from "fast-check";

import { hashBytes, KeyIndex } from "../../../src/stores/memory/key-index";

const hashKey = (key: string, seed: number) => hashBytes(Buffer.from(key, "utf16le"), key.length * 2, seed);

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

  it("hashes every byte, salted by the seed", () => {
    expect(hashKey("inquiry:A:1", 7)).toBe(hashKey("inquiry:A:1", 7));
    expect(hashKey("inquiry:A:1", 7)).not.toBe(hashKey("inquiry:A:1", 8));
    expect(hashKey("inquiry:A:1", 7)).not.toBe(hashKey("inquiry:A:2", 7));
    expect(hashKey("a\u0100", 0)).not.toBe(hashKey("a\u0000", 0));
    expect(Number.isInteger(hashKey("", 0))).toBe(true);
    expect(hashBytes(Buffer.from("ab"), 1, 3)).toBe(hashBytes(Buffer.from("ac"), 1, 3)); // only the first `length` bytes
    const seen = new Set(Array.from({ length: 10_000 }, (_, i) => hashKey(`inquiry:MCH-1:${i}`, 1) & 0x3fff));
    expect(seen.size).toBeGreaterThan(5_000); // spread over the low bits the index uses
  });
});
