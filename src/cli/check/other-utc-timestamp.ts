import { digestBody, parseTimestamp, signaturesEqual, signComponents } from "../../signature";
import type { Exchange } from "./doku-caller";

// UTC written otherwise than DOKU's samples (…Z): +00:00 as PHP's date('c') writes it, +0000, -00:00, a small z.
// DOKU documents "ISO 8601 in UTC" only; whether it takes these is unknown, so the check notes them, never fails them.
const OTHER_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(?:[+-]00:?00|z)$/;

/** Epoch milliseconds of a UTC time in one of those other forms, or `undefined`. */
export function otherUtcTime(stamp: string): number | undefined {
  const m = OTHER_UTC.exec(stamp);
  return m === null ? undefined : parseTimestamp(`${m[1] as string}Z`);
}

/**
 * Whether an answer the package's strict parser refused for its Response-Timestamp is signed over its exact bytes,
 * the time being in another UTC form: then the signature is right, and only the form is in doubt.
 */
export function signedWithOtherUtcForm(
  exchange: Exchange & { ok: true },
  c: { clientId: string; secretKey: string },
): boolean {
  const stamp = exchange.headers.get("Response-Timestamp");
  const signature = exchange.headers.get("Signature");
  const requestId = exchange.headers.get("Request-Id");
  if (stamp === null || signature === null || otherUtcTime(stamp) === undefined) return false;
  if (exchange.headers.get("Client-Id") !== c.clientId || requestId !== exchange.requestId) return false;
  const expected = signComponents(
    {
      clientId: c.clientId,
      requestId,
      timestamp: stamp,
      timestampHeader: "Response-Timestamp",
      requestTarget: exchange.requestTarget,
      digest: digestBody(exchange.body),
    },
    c.secretKey,
  );
  return signaturesEqual(expected, signature);
}
