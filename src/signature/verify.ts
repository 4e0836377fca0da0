import { digestBody } from "./digest";
import { REQUEST_ID_MAX_LENGTH } from "./request-id";
import type { SecretKey } from "./secret-key";
import { signComponents } from "./sign";
import { SIGNATURE_FORMAT, wellFormedSignaturesEqual } from "./signatures-equal";
import type { SignatureComponents, TimestampHeaderName } from "./string-to-sign";
import { parseTimestamp } from "./timestamp";
import { describeUnknownClient } from "./unknown-client";

/** The four headers DOKU signs with, as received (any may be missing). */
export interface SignedHeaders {
  clientId?: string | undefined;
  requestId?: string | undefined;
  timestamp?: string | undefined;
  signature?: string | undefined;
}

export type VerifyFailureReason =
  | "missing_header"
  | "malformed_header"
  | "malformed_signature"
  | "unknown_client"
  | "stale_timestamp"
  | "bad_signature";

export interface VerifyInput {
  headers: SignedHeaders;
  /** The exact bytes received; `undefined` for a request without a body (no Digest line). */
  body: Buffer | string | undefined;
  requestTarget: string;
  /** Client-Id -> its keys: a router's Keyring, or one client's key as given (a string is used as it is). */
  keyring: ReadonlyMap<string, readonly SecretKey[]>;
  /** Which timestamp line is signed; `Request-Timestamp` unless verifying an answer. */
  timestampHeader?: TimestampHeaderName;
  /** Allowed clock difference in seconds, both directions; `false` accepts any parsable time. */
  toleranceSec: number | false;
  nowMs: number;
  /** Reads the timestamp header into epoch ms (`undefined`: not a time). Default: DOKU's form, `…Z` only. */
  parseTime?: ((value: string) => number | undefined) | undefined;
}

export interface VerifiedMessage {
  valid: true;
  clientId: string;
  requestId: string;
  timestamp: string;
  /** The Digest line's value (`undefined` without a body): the body's fingerprint. */
  digest: string | undefined;
  /** Which of the client's secret keys matched (0 = the first configured). */
  keyIndex: number;
}

export interface VerifyFailure {
  valid: false;
  reason: VerifyFailureReason;
  /** For logs: what was wrong, never a secret or an expected signature. */
  detail: string;
}

export type VerifyResult = VerifiedMessage | VerifyFailure;

const fail = (reason: VerifyFailureReason, detail: string): VerifyFailure => ({ valid: false, reason, detail });

/** Verifies a DOKU signature. Never throws on what the sender controls; says why it failed. */
export function verifySignature(input: VerifyInput): VerifyResult {
  const { clientId, requestId, timestamp, signature } = input.headers;
  const timestampHeader = input.timestampHeader ?? "Request-Timestamp";
  if (!clientId) return fail("missing_header", "the Client-Id header is missing or empty");
  if (!requestId) return fail("missing_header", "the Request-Id header is missing or empty");
  if (!timestamp) return fail("missing_header", `the ${timestampHeader} header is missing or empty`);
  if (!signature) return fail("missing_header", "the Signature header is missing or empty");

  if (requestId.length > REQUEST_ID_MAX_LENGTH) {
    return fail(
      "malformed_header",
      `Request-Id is ${requestId.length} characters; DOKU sends at most ${REQUEST_ID_MAX_LENGTH}`,
    );
  }
  if (!SIGNATURE_FORMAT.test(signature)) {
    return fail("malformed_signature", "Signature is not HMACSHA256= followed by 44 base64 characters");
  }
  const keys = input.keyring.get(clientId);
  if (keys === undefined) return fail("unknown_client", describeUnknownClient(clientId, input.keyring));

  const sentAt = (input.parseTime ?? parseTimestamp)(timestamp);
  if (sentAt === undefined) {
    return fail("stale_timestamp", `${timestampHeader} is not an ISO 8601 UTC time like 2020-08-11T08:45:42Z`);
  }
  if (input.toleranceSec !== false && Math.abs(input.nowMs - sentAt) > input.toleranceSec * 1000) {
    const skew = Math.round((input.nowMs - sentAt) / 1000);
    return fail(
      "stale_timestamp",
      `${timestampHeader} is ${skew} s from this server's clock (tolerance ${input.toleranceSec} s)`,
    );
  }

  const components: SignatureComponents = {
    clientId,
    requestId,
    timestamp,
    timestampHeader,
    requestTarget: input.requestTarget,
    digest: input.body === undefined ? undefined : digestBody(input.body),
  };
  const keyIndex = keys.findIndex((key) => wellFormedSignaturesEqual(signComponents(components, key), signature));
  if (keyIndex === -1) return fail("bad_signature", "Signature does not match the body, path and headers received");
  return { valid: true, clientId, requestId, timestamp, digest: components.digest, keyIndex };
}
