import fc from "fast-check";

import { ByteRing } from "../../../src/stores/memory/byte-ring";
import { propertyRuns } from "../../support/property-runs";

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
      fc.property(
        fc.integer({ min: 8, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 60 }),
        (capacity, sizes) => {
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
        },
      ),
      { numRuns: propertyRuns(500) },
    );
  });
});
