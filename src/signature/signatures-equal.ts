import { timingSafeEqual } from "node:crypto";

/** What a genuine Signature header looks like: the prefix and 44 base64 characters. */
export const SIGNATURE_FORMAT = /^HMACSHA256=[A-Za-z0-9+/]{43}=$/;

/**
 * Constant-time comparison of two well-formed signature values. Both have the same length
 * once `received` passed the format check, so `timingSafeEqual` never throws here.
 */
export function signaturesEqual(expected: string, received: string): boolean {
  if (!SIGNATURE_FORMAT.test(received)) return false;
  const a = Buffer.from(expected, "latin1");
  const b = Buffer.from(received, "latin1");
  return a.length === b.length && timingSafeEqual(a, b);
}
