import { createKeyring, digestBody, signComponents, verifySignature, type SecretKey } from "../signature";
import { bodyBytes } from "./sign-doku-request";

export interface VerifyDokuResponseInput {
  /** The answer's headers (any case), e.g. supertest's `res.headers` or a fetch `Headers`. */
  headers: Record<string, string | string[] | undefined> | Headers;
  /** The exact bytes received (`res.text`); an object is taken as re-serialised and will usually fail. */
  body: string | Buffer;
  clientId: string;
  secretKey: SecretKey;
  requestTarget: string;
  /** The Request-Id the request carried; the answer must echo it. */
  requestId?: string;
}

export type ResponseCheckFailure =
  | "missing_header"
  | "client_id_mismatch"
  | "request_id_mismatch"
  | "wrong_content_type"
  | "malformed_signature"
  | "stale_timestamp"
  | "bad_signature";

export type ResponseCheck = { valid: true } | { valid: false; reason: ResponseCheckFailure; detail: string };

function headerOf(headers: VerifyDokuResponseInput["headers"], name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Why the signature failed, when the usual mistakes explain it. */
function likelyCause(input: VerifyDokuResponseInput, body: Buffer, timestamp: string, signature: string): string {
  try {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString("utf8"))));
    const withDigestOf = (bytes: Buffer) =>
      signComponents(
        {
          clientId: input.clientId,
          requestId: headerOf(input.headers, "Request-Id") ?? "",
          timestamp,
          timestampHeader: "Response-Timestamp",
          requestTarget: input.requestTarget,
          digest: digestBody(bytes),
        },
        input.secretKey,
      );
    if (!reserialised.equals(body) && withDigestOf(reserialised) === signature) {
      return "the answer was signed, then re-serialised (res.json or a proxy changed the bytes)";
    }
  } catch {
    return "the answer body is not JSON";
  }
  return "the server signs with another secret key, or over another path";
}

/** Checks an inquiry answer as DOKU would: headers echoed, signature over the exact bytes. */
export function verifyDokuResponse(input: VerifyDokuResponseInput): ResponseCheck {
  const body = bodyBytes(input.body);
  const clientId = headerOf(input.headers, "Client-Id");
  const requestId = headerOf(input.headers, "Request-Id");
  if (clientId !== undefined && clientId !== input.clientId) {
    return { valid: false, reason: "client_id_mismatch", detail: `Client-Id is ${clientId}, expected ${input.clientId}` };
  }
  if (input.requestId !== undefined && requestId !== undefined && requestId !== input.requestId) {
    return { valid: false, reason: "request_id_mismatch", detail: "Request-Id does not echo the request's" };
  }
  const contentType = headerOf(input.headers, "Content-Type");
  if (contentType !== undefined && !contentType.toLowerCase().startsWith("application/json")) {
    return { valid: false, reason: "wrong_content_type", detail: `Content-Type is ${contentType}` };
  }
  const timestamp = headerOf(input.headers, "Response-Timestamp");
  const signature = headerOf(input.headers, "Signature");
  const result = verifySignature({
    headers: { clientId, requestId, timestamp, signature },
    body,
    requestTarget: input.requestTarget,
    keyring: createKeyring([{ clientId: input.clientId, secretKeys: [input.secretKey] }]),
    timestampHeader: "Response-Timestamp",
    toleranceSec: false,
    nowMs: Date.now(),
  });
  if (result.valid) return { valid: true };
  // Request-Id is the one header whose form the check refuses.
  if (result.reason === "malformed_header") return { valid: false, reason: "request_id_mismatch", detail: result.detail };
  if (result.reason === "bad_signature") {
    return {
      valid: false,
      reason: "bad_signature",
      detail: `${result.detail}; likely cause: ${likelyCause(input, body, timestamp as string, signature as string)}`,
    };
  }
  // `unknown_client` cannot come back: a Client-Id other than the request's was refused above.
  return { valid: false, reason: result.reason === "unknown_client" ? "client_id_mismatch" : result.reason, detail: result.detail };
}
