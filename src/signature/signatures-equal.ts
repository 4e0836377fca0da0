import { timingSafeEqual } from "node:crypto";

/** What a genuine Signature header looks like: the prefix and 44 base64 characters. */
export const SIGNATURE_FORMAT = /^HMACSHA256=[A-Za-z0-9+/]{43}=$/;

const LENGTH = "HMACSHA256=".length + 44;
// Reused for every comparison (synchronous, so never shared between two at once): no allocation per request.
// One buffer for both, written by one call: each call into Buffer#write costs more than the copy.
const bothBytes = Buffer.alloc(2 * LENGTH);
const expectedBytes = bothBytes.subarray(0, LENGTH);
const receivedBytes = bothBytes.subarray(LENGTH);

/**
 * Constant-time comparison of a computed signature with a received one. The format check
 * makes both the same length, as `timingSafeEqual` requires.
 */
export function signaturesEqual(expected: string, received: string): boolean {
  return SIGNATURE_FORMAT.test(received) && wellFormedSignaturesEqual(expected, received);
}

/** `signaturesEqual` for a received signature already known to match SIGNATURE_FORMAT (the verifier checks it first). */
export function wellFormedSignaturesEqual(expected: string, received: string): boolean {
  if (expected.length !== LENGTH) return false;
  // Both are ASCII (the prefix and base64) and LENGTH long: latin1 writes one byte per character,
  // the expected signature's in the first half, the received one's in the second.
  bothBytes.write(expected + received, 0, 2 * LENGTH, "latin1");
  return timingSafeEqual(expectedBytes, receivedBytes);
}
