export type TimestampHeaderName = "Request-Timestamp" | "Response-Timestamp";

export interface SignatureComponents {
  clientId: string;
  requestId: string;
  /** The Request-Timestamp (requests) or Response-Timestamp (answers) header value, verbatim. */
  timestamp: string;
  timestampHeader: TimestampHeaderName;
  /** The path that was called, without query string. */
  requestTarget: string;
  /** base64 SHA-256 of the body; omitted (no Digest line at all) for a request without a body. */
  digest?: string | undefined;
}

/** DOKU's string to sign: lines joined by a single `\n`, no trailing newline, no spaces. */
export function stringToSign(c: SignatureComponents): string {
  const lines =
    `Client-Id:${c.clientId}\n` +
    `Request-Id:${c.requestId}\n` +
    `${c.timestampHeader}:${c.timestamp}\n` +
    `Request-Target:${c.requestTarget}`;
  return c.digest === undefined ? lines : `${lines}\nDigest:${c.digest}`;
}
