import { randomUUID } from "node:crypto";
import { digestBody, formatTimestamp, signComponents, type SecretKey } from "../signature";

export interface SignDokuRequestInput {
  clientId: string;
  secretKey: SecretKey;
  /** The path DOKU calls, e.g. `/doku/inquiry` (no query string). */
  requestTarget: string;
  /** The exact body that will be sent; an object is serialised with JSON.stringify first. */
  body: string | Buffer | object;
  /** Default: a random UUID. */
  requestId?: string;
  /** A Date, epoch ms, or the header value itself. Default: now. */
  timestamp?: Date | number | string;
}

export type DokuRequestHeaders = {
  "Client-Id": string;
  "Request-Id": string;
  "Request-Timestamp": string;
  Signature: string;
};

export interface SignedDokuRequest {
  headers: DokuRequestHeaders & { "Content-Type": "application/json" };
  /**
   * The signed body as a string, ready for supertest's `.send()` and for `fetch`: both send a
   * string as its UTF-8 bytes, the bytes that were signed. (A Buffer given to supertest's
   * `.send()` with a JSON content type is sent as `{"type":"Buffer","data":[…]}`.)
   */
  body: string;
  /** The exact bytes that were signed; send these when they are not valid UTF-8 (a test of broken bodies). */
  bytes: Buffer;
}

export function bodyBytes(body: string | Buffer | object): Buffer {
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8");
}

function timestampValue(timestamp: SignDokuRequestInput["timestamp"]): string {
  if (typeof timestamp === "string") return timestamp;
  if (timestamp instanceof Date) return formatTimestamp(timestamp.getTime());
  return formatTimestamp(timestamp ?? Date.now());
}

/** Signs a request as DOKU would: the four headers, over the exact body bytes. */
export function signDokuRequest(input: SignDokuRequestInput): SignedDokuRequest {
  const body = bodyBytes(input.body);
  const requestId = input.requestId ?? randomUUID();
  const timestamp = timestampValue(input.timestamp);
  const signature = signComponents(
    {
      clientId: input.clientId,
      requestId,
      timestamp,
      timestampHeader: "Request-Timestamp",
      requestTarget: input.requestTarget,
      digest: digestBody(body),
    },
    input.secretKey,
  );
  return {
    headers: {
      "Client-Id": input.clientId,
      "Request-Id": requestId,
      "Request-Timestamp": timestamp,
      Signature: signature,
      "Content-Type": "application/json",
    },
    body: body.toString("utf8"),
    bytes: body,
  };
}
