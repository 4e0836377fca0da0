import { createHmac, hash, type KeyObject } from "node:crypto";

// SHA-256's block: each of HMAC's two key pads is one block (RFC 2104).
const BLOCK = 64;
// Room for the message in UTF-8 (3 bytes a character at most); a longer one goes through createHmac.
const ROOM = 1024;

/** The key XOR ipad then room for the message, and the key XOR opad then room for the inner hash. */
interface Pads {
  inner: Buffer;
  outer: Buffer;
}

const padsByKey = new WeakMap<KeyObject, Pads>();

function padsOf(key: KeyObject): Pads {
  let pads = padsByKey.get(key);
  if (pads === undefined) {
    const exported = key.export();
    const bytes = exported.length > BLOCK ? hash("sha256", exported, "buffer") : exported;
    const inner = Buffer.alloc(BLOCK + ROOM);
    const outer = Buffer.alloc(BLOCK + 32);
    for (let i = 0; i < BLOCK; i++) {
      const byte = bytes[i] ?? 0;
      inner[i] = byte ^ 0x36;
      outer[i] = byte ^ 0x5c;
    }
    // The pads are the key in another form; the plain copies need not outlive them.
    bytes.fill(0);
    exported.fill(0);
    pads = { inner, outer };
    padsByKey.set(key, pads);
  }
  return pads;
}

/**
 * base64 HMAC-SHA256 of `text` (as UTF-8), the same bytes as `createHmac`'s: two one-shot
 * hashes over the key's pads, made once per key. Per call this skips the Hmac object and its
 * OpenSSL context, which cost about as much again as the hashing under callgrind. Synchronous,
 * so the pads' room is never shared between two calls at once.
 */
export function hmacSha256Base64(key: KeyObject, text: string): string {
  if (text.length * 3 > ROOM) return createHmac("sha256", key).update(text).digest("base64");
  const { inner, outer } = padsOf(key);
  const length = inner.write(text, BLOCK, ROOM, "utf8");
  hash("sha256", inner.subarray(0, BLOCK + length), "buffer").copy(outer, BLOCK);
  return hash("sha256", outer, "base64");
}
