import fc from "fast-check";

import { exactByteLength, exactEncoding, exactWriteRoom, writeExact } from "../../../src/stores/memory/exact-string";
import { propertyRuns } from "../../support/property-runs";

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

  it("writeExact writes the bytes and says the encoding exactEncoding would", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const into = Buffer.alloc(exactWriteRoom(text.length));
        const encoding = writeExact(text, into);
        expect(encoding).toBe(exactEncoding(text));
        expect(into.toString(encoding, 0, exactByteLength(text, encoding))).toBe(text);
      }),
      { numRuns: propertyRuns(1_000) },
    );
    const into = Buffer.alloc(30);
    expect(writeExact(`inquiry:${"MCH-1"}:${"é"}`, into)).toBe("latin1");
    expect(into.toString("latin1", 0, 15)).toBe("inquiry:MCH-1:é");
  });
});
