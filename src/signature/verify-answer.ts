import { digestBody } from "./digest";
import type { SecretKey } from "./secret-key";
import { signComponents } from "./sign";
import { parseOtherUtcTimestamp, parseTimestamp } from "./timestamp";
import { type VerifyFailure, type VerifyFailureReason, verifySignature } from "./verify";

export interface VerifyAnswerInput {
  /** The answer's headers: a fetch `Headers`, or a record with names in any case (Node's, supertest's `res.headers`). */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The exact bytes received (supertest's `res.text`, fetch's `arrayBuffer()`). */
  body: Buffer | string;
  /** The Client-Id and key the call was signed with; the answer must echo the Client-Id. */
  clientId: string;
  secretKey: SecretKey;
  /** The path called, as it was signed. */
  requestTarget: string;
  /** The call's Request-Id; the answer must echo it. Without it there is nothing to compare with. */
  requestId?: string | undefined;
  /** The call's method. A GET's answer is taken signed with or without a Digest line (DOKU's form is unproven). */
  method?: string | undefined;
  /** Refuse an answer whose Content-Type, when it has one, is not JSON. Default: true. */
  checkContentType?: boolean | undefined;
  /**
   * Take a Response-Timestamp in UTC written otherwise than DOKU's samples' `…Z` (`+00:00` as PHP's
   * `date('c')` writes it, `+0000`, `-00:00`, `z`), its signature checked over the time as written.
   * Default: false, `…Z` only.
   */
  otherUtcForms?: boolean | undefined;
}

export type AnswerFailureReason =
  | "missing_header"
  | "client_id_mismatch"
  | "request_id_mismatch"
  | "wrong_content_type"
  | "malformed_signature"
  | "stale_timestamp"
  | "bad_signature";

export type AnswerCheck = { valid: true } | { valid: false; reason: AnswerFailureReason; detail: string };

function headerValue(headers: VerifyAnswerInput["headers"], name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(", ") : value;
}

// Request-Id is the one header whose form verifySignature refuses; `unknown_client` cannot come
// back, as verifyAnswer refuses a Client-Id other than the call's before it.
const ANSWER_REASON: Record<Exclude<VerifyFailureReason, "bad_signature">, AnswerFailureReason> = {
  missing_header: "missing_header",
  malformed_header: "request_id_mismatch",
  malformed_signature: "malformed_signature",
  unknown_client: "client_id_mismatch",
  stale_timestamp: "stale_timestamp",
};

const fail = (reason: AnswerFailureReason, detail: string): AnswerCheck => ({ valid: false, reason, detail });

/** Why the signature failed, when the usual mistakes explain it. */
function likelyCause(
  input: VerifyAnswerInput,
  key: SecretKey,
  signed: { requestId: string; timestamp: string; signature: string },
): string {
  const body = Buffer.isBuffer(input.body) ? input.body : Buffer.from(input.body);
  let reserialised: Buffer;
  try {
    reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString("utf8"))));
  } catch {
    return "the answer body is not JSON";
  }
  const signatureOverReserialised = signComponents(
    {
      clientId: input.clientId,
      requestId: signed.requestId,
      timestamp: signed.timestamp,
      timestampHeader: "Response-Timestamp",
      requestTarget: input.requestTarget,
      digest: digestBody(reserialised),
    },
    key,
  );
  if (!reserialised.equals(body) && signatureOverReserialised === signed.signature) {
    return "the answer was signed, then re-serialised (res.json or a proxy changed the bytes)";
  }
  return "the server signs with another secret key, or over another path";
}

// DOKU's form, or UTC written otherwise (`otherUtcForms`): the signature is checked over the time as written.
const anyUtcForm = (value: string) => parseTimestamp(value) ?? parseOtherUtcTimestamp(value);

/**
 * Checks a signed answer, to a call to DOKU or DOKU's call to a merchant: Client-Id and
 * Request-Id echoed, the Content-Type, a Response-Timestamp, and the signature over the path
 * called and the answer's exact bytes. A failed signature names its likely cause.
 */
export function verifyAnswer(input: VerifyAnswerInput): AnswerCheck {
  const clientId = headerValue(input.headers, "Client-Id");
  const requestId = headerValue(input.headers, "Request-Id");
  if (clientId !== undefined && clientId !== input.clientId) {
    return fail("client_id_mismatch", `Client-Id is ${clientId}, expected ${input.clientId}`);
  }
  if (input.requestId !== undefined && requestId !== undefined && requestId !== input.requestId) {
    return fail("request_id_mismatch", "Request-Id does not echo the request's");
  }
  if (input.checkContentType !== false) {
    const contentType = headerValue(input.headers, "Content-Type");
    if (contentType !== undefined && !contentType.toLowerCase().startsWith("application/json")) {
      return fail("wrong_content_type", `Content-Type is ${contentType}`);
    }
  }
  const timestamp = headerValue(input.headers, "Response-Timestamp");
  const signature = headerValue(input.headers, "Signature");
  // The key as given: a KeyObject made here would build its HMAC pads for one call.
  const key = input.secretKey;
  const keyring = new Map([[input.clientId, [key]]]);
  const verify = (body: Buffer | string | undefined): { valid: true } | VerifyFailure =>
    verifySignature({
      headers: { clientId, requestId, timestamp, signature },
      body,
      requestTarget: input.requestTarget,
      keyring,
      timestampHeader: "Response-Timestamp",
      toleranceSec: false,
      nowMs: 0,
      parseTime: input.otherUtcForms === true ? anyUtcForm : undefined,
    });
  const result = verify(input.body);
  if (result.valid) return { valid: true };
  if (result.reason === "bad_signature") {
    if (input.method?.toUpperCase() === "GET" && verify(undefined).valid) return { valid: true };
    // bad_signature comes only after all four headers were found.
    const signed = { requestId: requestId as string, timestamp: timestamp as string, signature: signature as string };
    return fail("bad_signature", `${result.detail}; likely cause: ${likelyCause(input, key, signed)}`);
  }
  return fail(ANSWER_REASON[result.reason], result.detail);
}
