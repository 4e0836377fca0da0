import type { Answer } from "../../../src";
import { decodeAnswer, encodeAnswer, writeEncodedAnswer } from "../../../src/stores/memory/answer-bytes";

describe("answer bytes", () => {
  const roundTrip = (answer: Answer, at = 3) => {
    const encoded = encodeAnswer(answer);
    const into = Buffer.alloc(at + encoded.length + 5, 0xee);
    writeEncodedAnswer(encoded, into, at);
    return { back: decodeAnswer(into, at, encoded.length), into, encoded };
  };

  it("gives an answer back byte for byte: status, headers in order, any body bytes", () => {
    const answers: Answer[] = [
      {
        statusCode: 200,
        headers: { "Content-Type": "application/json", "Request-Id": "é-ü-中" },
        body: Buffer.from('{"ok":"é"}'),
      },
      { statusCode: 503, headers: { b: "2", a: '1\n"x"' }, body: Buffer.from([0, 10, 255, 128, 13]) },
      { statusCode: 204, headers: {}, body: Buffer.alloc(0) },
      { statusCode: 65_535, headers: { "X-Big": "y".repeat(70_000) }, body: Buffer.alloc(40_000, 0x61) },
      { statusCode: 200, headers: { "": "", e: "", ["__proto__"]: "p" }, body: Buffer.from("x") },
    ];
    for (const answer of answers) {
      const { back, encoded } = roundTrip(answer);
      expect(back.statusCode).toBe(answer.statusCode);
      expect(Object.entries(back.headers)).toEqual(Object.entries(answer.headers));
      expect(back.body.equals(answer.body)).toBe(true);
      const pairs = Object.entries(answer.headers).flat();
      expect(encoded.length).toBe(6 + Buffer.byteLength(pairs.join("\0")) + answer.body.length);
    }
  });

  it("refuses a header holding NUL, the separator, which HTTP cannot send anyway", () => {
    const withNul: Array<Record<string, string>> = [{ "a\0b": "1" }, { a: "1\0" }];
    for (const headers of withNul) {
      expect(() => encodeAnswer({ statusCode: 200, headers, body: Buffer.alloc(0) })).toThrow(/NUL/);
    }
  });

  it("writes only its own bytes and hands out a copy, never a view", () => {
    const { back, into, encoded } = roundTrip({ statusCode: 200, headers: { a: "b" }, body: Buffer.from("abc") });
    expect(into.subarray(0, 3).equals(Buffer.alloc(3, 0xee))).toBe(true);
    expect(into.subarray(3 + encoded.length).equals(Buffer.alloc(5, 0xee))).toBe(true);
    back.body[0] = 0x7a;
    expect(decodeAnswer(into, 3, encoded.length).body.toString()).toBe("abc");
  });
});
