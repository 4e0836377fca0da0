import { createHmac, createSecretKey } from "node:crypto";

import { hmacSha256Base64 } from "../../src/signature/hmac-sha256";

const expected = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest("base64");

describe("hmacSha256Base64", () => {
  // Short, block-sized and longer than a block (hashed first, as RFC 2104 says).
  const keys = [1, 30, 63, 64, 65, 200].map((n) => Buffer.from("SK-".padEnd(n, "k3Y").slice(0, n)));
  const texts = [
    "",
    "Client-Id:MCH-0001\nRequest-Id:abc\nRequest-Timestamp:2020-08-11T08:45:42Z\nRequest-Target:/doku/inquiry",
    "Request-Id:\u00e9\u00ff caf\u00e9 \u4e2d\u6587 \ud83d\ude00",
    "lone surrogate \ud800 here",
    "\u4e2d".repeat(341),
    "\u4e2d".repeat(342),
    "x".repeat(5000),
  ];

  it.each(keys.map((key) => [key.length, key]))("gives createHmac's bytes for a %i-byte key", (_length, key) => {
    const keyObject = createSecretKey(key);
    // Long and short texts in turn: what a longer one left in the room is never hashed.
    for (const text of [...texts, ...texts.slice().reverse()]) {
      expect(hmacSha256Base64(keyObject, text)).toBe(expected(key, text));
    }
  });

  it("keeps each key's pads apart", () => {
    const a = createSecretKey(Buffer.from("SK-A"));
    const b = createSecretKey(Buffer.from("SK-B"));
    for (let i = 0; i < 3; i++) {
      expect(hmacSha256Base64(a, `m${i}`)).toBe(expected(Buffer.from("SK-A"), `m${i}`));
      expect(hmacSha256Base64(b, `m${i}`)).toBe(expected(Buffer.from("SK-B"), `m${i}`));
    }
  });
});
