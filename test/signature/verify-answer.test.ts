import { digestBody, signComponents, verifyAnswer, type VerifyAnswerInput } from "../../src/signature";
import { CLIENT_ID, SECRET, vectors } from "../support/vectors";

const answerVectors = vectors.filter((v) => v.inputs.timestamp_header_name === "Response-Timestamp");

it.each(answerVectors.map((v) => [v.id, v] as const))("verifyAnswer accepts vector %s", (_id, v) => {
  const input: VerifyAnswerInput = {
    headers: {
      "Client-Id": v.inputs.client_id,
      "Request-Id": v.inputs.request_id,
      "Response-Timestamp": v.inputs.timestamp,
      Signature: v.expected.signature_header_value,
      "Content-Type": "application/json",
    },
    body: v.inputs.body_raw_utf8 as string,
    clientId: v.inputs.client_id,
    secretKey: v.inputs.secret_key,
    requestTarget: v.inputs.request_target,
    requestId: v.inputs.request_id,
  };
  expect(verifyAnswer(input)).toEqual({ valid: true });
  expect(verifyAnswer({ ...input, body: Buffer.from(v.inputs.body_raw_utf8 as string) })).toEqual({ valid: true });
  expect(verifyAnswer({ ...input, headers: new Headers(input.headers as Record<string, string>) })).toEqual({
    valid: true,
  });
});

const TARGET = "/orders/v1/status/INV-1";
const TIMESTAMP = "2024-01-01T00:00:00Z";
const BODY = '{"order":{"invoice_number":"INV-1"},"transaction":{"status":"PENDING"}}';

/** An answer signed over `signedBody` (default: the body sent); `null` signs it without a Digest line. */
function answer(
  body: string,
  o: { signedBody?: string | null; key?: string; requestId?: string; target?: string; timestamp?: string } = {},
) {
  const requestId = o.requestId ?? "req-1";
  const timestamp = o.timestamp ?? TIMESTAMP;
  const signedBody = o.signedBody === undefined ? body : o.signedBody;
  const signature = signComponents(
    {
      clientId: CLIENT_ID,
      requestId,
      timestamp,
      timestampHeader: "Response-Timestamp",
      requestTarget: o.target ?? TARGET,
      digest: signedBody === null ? undefined : digestBody(signedBody),
    },
    o.key ?? SECRET,
  );
  const headers: Record<string, string | string[] | undefined> = {
    "client-id": CLIENT_ID,
    "request-id": requestId,
    "response-timestamp": timestamp,
    signature,
    "content-type": "application/json; charset=utf-8",
  };
  return { headers, body };
}

const check = (a: ReturnType<typeof answer>, extra: Partial<VerifyAnswerInput> = {}) =>
  verifyAnswer({ ...a, clientId: CLIENT_ID, secretKey: SECRET, requestTarget: TARGET, requestId: "req-1", ...extra });
function withHeaders(headers: Record<string, string | undefined>) {
  const good = answer(BODY);
  return { ...good, headers: { ...good.headers, ...headers } };
}

describe("verifyAnswer on a GET's answer", () => {
  it("takes it signed with or without a Digest line", () => {
    const withoutDigest = answer(BODY, { signedBody: null });
    expect(check(withoutDigest, { method: "GET" })).toEqual({ valid: true });
    expect(check(withoutDigest, { method: "get" })).toEqual({ valid: true });
    expect(check(answer(BODY), { method: "GET" })).toEqual({ valid: true });
  });

  it("takes the form without a Digest line for a GET only", () => {
    const withoutDigest = answer(BODY, { signedBody: null });
    for (const method of ["POST", "PATCH", undefined]) {
      expect(check(withoutDigest, { method })).toMatchObject({ valid: false, reason: "bad_signature" });
    }
  });

  it("still refuses a GET's answer signed with another key", () => {
    expect(check(answer(BODY, { signedBody: null, key: "SK-OTHER" }), { method: "GET" })).toMatchObject({
      valid: false,
      reason: "bad_signature",
    });
  });
});

describe("verifyAnswer with otherUtcForms", () => {
  const plusZero = "2024-01-01T00:00:00+00:00";

  it("takes a time in another UTC form, signed as written, only when asked", () => {
    for (const stamp of [plusZero, "2024-01-01T00:00:00+0000", "2024-01-01T00:00:00-00:00", "2024-01-01T00:00:00z"]) {
      expect(check(answer(BODY, { timestamp: stamp }), { otherUtcForms: true })).toEqual({ valid: true });
      expect(check(answer(BODY, { timestamp: stamp }))).toMatchObject({ valid: false, reason: "stale_timestamp" });
    }
    expect(
      check(answer(BODY, { timestamp: plusZero, signedBody: null }), { otherUtcForms: true, method: "GET" }),
    ).toEqual({ valid: true });
  });

  it("still refuses another offset, and a signature over other bytes or with another key", () => {
    expect(check(answer(BODY, { timestamp: "2024-01-01T07:00:00+07:00" }), { otherUtcForms: true })).toMatchObject({
      valid: false,
      reason: "stale_timestamp",
    });
    for (const signing of [{ signedBody: "{}" }, { key: "SK-OTHER" }]) {
      expect(check(answer(BODY, { timestamp: plusZero, ...signing }), { otherUtcForms: true })).toMatchObject({
        valid: false,
        reason: "bad_signature",
      });
    }
  });
});

describe("verifyAnswer's failures", () => {
  it("missing_header, naming the header", () => {
    for (const name of ["Client-Id", "Request-Id", "Response-Timestamp", "Signature"]) {
      expect(check(withHeaders({ [name.toLowerCase()]: undefined }))).toEqual({
        valid: false,
        reason: "missing_header",
        detail: `the ${name} header is missing or empty`,
      });
    }
  });

  it("client_id_mismatch", () => {
    expect(check(withHeaders({ "client-id": "MCH-OTHER" }))).toEqual({
      valid: false,
      reason: "client_id_mismatch",
      detail: `Client-Id is MCH-OTHER, expected ${CLIENT_ID}`,
    });
  });

  it("request_id_mismatch: another Request-Id, or one longer than DOKU sends", () => {
    expect(check(answer(BODY), { requestId: "req-2" })).toEqual({
      valid: false,
      reason: "request_id_mismatch",
      detail: "Request-Id does not echo the request's",
    });
    expect(check(answer(BODY, { requestId: "r".repeat(129) }), { requestId: undefined })).toEqual({
      valid: false,
      reason: "request_id_mismatch",
      detail: "Request-Id is 129 characters; DOKU sends at most 128",
    });
  });

  it("wrong_content_type, unless told not to look", () => {
    const html = withHeaders({ "content-type": "text/html" });
    expect(check(html)).toEqual({ valid: false, reason: "wrong_content_type", detail: "Content-Type is text/html" });
    expect(check(html, { checkContentType: false })).toEqual({ valid: true });
    expect(check(withHeaders({ "content-type": undefined }))).toEqual({ valid: true });
  });

  it("malformed_signature", () => {
    expect(check(withHeaders({ signature: "HMACSHA256=short" }))).toEqual({
      valid: false,
      reason: "malformed_signature",
      detail: "Signature is not HMACSHA256= followed by 44 base64 characters",
    });
  });

  it("stale_timestamp for a Response-Timestamp not in DOKU's form (any time in the form is taken)", () => {
    expect(check(withHeaders({ "response-timestamp": "2024-01-01 00:00:00" }))).toEqual({
      valid: false,
      reason: "stale_timestamp",
      detail: "Response-Timestamp is not an ISO 8601 UTC time like 2020-08-11T08:45:42Z",
    });
  });

  describe("bad_signature, with its likely cause", () => {
    const base = "Signature does not match the body, path and headers received; likely cause: ";
    const otherKeyOrPath = `${base}the server signs with another secret key, or over another path`;

    it("an answer re-serialised after signing", () => {
      const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
      expect(check(answer(pretty, { signedBody: BODY }))).toEqual({
        valid: false,
        reason: "bad_signature",
        detail: `${base}the answer was signed, then re-serialised (res.json or a proxy changed the bytes)`,
      });
    });

    it("an answer that is not JSON", () => {
      expect(check(answer("<html>", { signedBody: "<html >" }))).toEqual({
        valid: false,
        reason: "bad_signature",
        detail: `${base}the answer body is not JSON`,
      });
    });

    it("another key or another path", () => {
      expect(check(answer(BODY, { key: "SK-OTHER" }))).toEqual({
        valid: false,
        reason: "bad_signature",
        detail: otherKeyOrPath,
      });
      expect(check(answer(BODY, { target: "/other" }))).toEqual({
        valid: false,
        reason: "bad_signature",
        detail: otherKeyOrPath,
      });
    });
  });
});
