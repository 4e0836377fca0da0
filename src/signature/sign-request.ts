import { randomUUID } from "node:crypto";

import { digestBody } from "./digest";
import type { SecretKey } from "./secret-key";
import { signComponents } from "./sign";
import { formatTimestamp } from "./timestamp";

/** The four headers every signed DOKU request carries (a type, not an interface: it fits `Record<string, string>`). */
export type RequestHeaders = {
  "Client-Id": string;
  "Request-Id": string;
  "Request-Timestamp": string;
  Signature: string;
};

/** A Date, epoch milliseconds, or the Request-Timestamp header value itself. */
export type RequestTime = Date | number | string;

export interface SignRequestInput {
  clientId: string;
  secretKey: SecretKey;
  /** The path called, e.g. `/doku/inquiry` or `/orders/v1/status/INV-1` (no query string). */
  requestTarget: string;
  /**
   * The exact body sent: a string or Buffer as it is, an object serialised with JSON.stringify.
   * `undefined` for a call without a body (a GET): no Digest line is signed.
   */
  body?: string | Buffer | object | undefined;
  /** Default: a random UUID. */
  requestId?: string | undefined;
  /** Default: now. */
  timestamp?: RequestTime | undefined;
}

export interface SignedRequest {
  /** The four signed headers, and `Content-Type: application/json` when there is a body. */
  headers: RequestHeaders & { "Content-Type"?: "application/json" };
  /** The exact bytes signed, to send as they are; `undefined` without a body. */
  bytes: Buffer | undefined;
  /** The Digest line's value, base64 SHA-256 of `bytes`; `undefined` without a body. */
  digest: string | undefined;
}

/** Signs the same call again for another time: the Request-Id, bytes and digest stay the same. */
export type RequestSigner = (timestamp?: RequestTime) => SignedRequest;

/** A body as the bytes that are signed and sent. */
export function bodyBytes(body: string | Buffer | object): Buffer {
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8");
}

function timestampValue(timestamp: RequestTime | undefined): string {
  if (typeof timestamp === "string") return timestamp;
  if (timestamp instanceof Date) return formatTimestamp(timestamp.getTime());
  return formatTimestamp(timestamp ?? Date.now());
}

/**
 * Prepares a call once (its bytes, their digest, its Request-Id, the key) and signs it for any
 * time: a call retried is signed afresh on every attempt, as DOKU refuses an old timestamp,
 * without serialising or digesting the body again.
 */
export function createRequestSigner(input: Omit<SignRequestInput, "timestamp">): RequestSigner {
  const { clientId, requestTarget } = input;
  const bytes = input.body === undefined ? undefined : bodyBytes(input.body);
  const digest = bytes === undefined ? undefined : digestBody(bytes);
  const requestId = input.requestId ?? randomUUID();
  // A string is signed with as it is (signComponents): a KeyObject made here would build its pads for one call.
  const key = input.secretKey;
  return (time) => {
    const timestamp = timestampValue(time);
    const signature = signComponents(
      { clientId, requestId, timestamp, timestampHeader: "Request-Timestamp", requestTarget, digest },
      key,
    );
    const headers: SignedRequest["headers"] = {
      "Client-Id": clientId,
      "Request-Id": requestId,
      "Request-Timestamp": timestamp,
      Signature: signature,
    };
    if (bytes !== undefined) headers["Content-Type"] = "application/json";
    return { headers, bytes, digest };
  };
}

/**
 * Signs a request as DOKU and its merchants do: the four headers over the exact bytes. Serves
 * every call: DOKU's inquiry and notification to a merchant, and a merchant's POST, PATCH
 * (with a body) and GET (without: no Digest line) to DOKU's API.
 */
export function signRequest(input: SignRequestInput): SignedRequest {
  return createRequestSigner(input)(input.timestamp);
}
