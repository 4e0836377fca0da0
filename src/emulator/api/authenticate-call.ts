import type { IncomingHttpHeaders } from "node:http";

import { readSignedHeaders } from "../../http/signed-headers";
import type { DokuErrorBody, Result } from "../../protocol";
import { type Keyring, parseTimestamp, verifySignature } from "../../signature";
import { AUTH_ERRORS } from "./doku-errors";

/** A refusal carries DOKU's error body; `reason` and `detail` are its code and message. */
export type CallAuthentication = Result<{ clientId: string; requestId: string }, string, { body: DokuErrorBody }>;

const HEADERS = ["Client-Id", "Request-Id", "Request-Timestamp", "Signature"] as const;

const refused = (body: DokuErrorBody): CallAuthentication => ({
  ok: false,
  reason: body.error.code,
  detail: body.error.message,
  body,
});

/**
 * A call to DOKU's API, checked in the order DOKU's gateway was seen to check it
 * (docs/doku-api.md#authentication-errors): headers present, timestamp form, timestamp window, Client-Id, signature.
 * The signature itself is the package's own verifier, over the exact bytes received.
 */
export function authenticateCall(input: {
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
  path: string;
  keyring: Keyring;
  toleranceSec: number;
  nowMs: number;
}): CallAuthentication {
  const signed = readSignedHeaders(input.headers);
  const values = [signed.clientId, signed.requestId, signed.timestamp, signed.signature];
  const missing = HEADERS.findIndex((_, i) => !values[i]);
  if (missing !== -1) return refused(AUTH_ERRORS.missingHeader(HEADERS[missing] as string));
  const [clientId, requestId, timestamp, signature] = values as [string, string, string, string];

  const sentAt = parseTimestamp(timestamp);
  if (sentAt === undefined) return refused(AUTH_ERRORS.malformedTimestamp());
  if (Math.abs(input.nowMs - sentAt) > input.toleranceSec * 1000) return refused(AUTH_ERRORS.timeOutOfRange());
  if (!input.keyring.has(clientId)) return refused(AUTH_ERRORS.unknownClient());

  const verified = verifySignature({
    headers: { clientId, requestId, timestamp, signature },
    body: input.body,
    requestTarget: input.path,
    keyring: input.keyring,
    toleranceSec: false,
    nowMs: input.nowMs,
  });
  if (verified.valid) return { ok: true, clientId, requestId };
  if (verified.reason === "malformed_header") return refused(AUTH_ERRORS.malformedRequestId());
  return refused(AUTH_ERRORS.badSignature());
}
