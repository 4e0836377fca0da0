import { digestBody, signComponents } from "../../src/signature";
import { buildInquiryBody, buildNotificationBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";

const CLIENT = "MCH-KIT";
const KEY = "SK-KIT-FAKE";
const TARGET = "/doku/inquiry";
const TIMESTAMP = "2024-01-01T00:00:00Z";

/** An answer signed the way the router signs one, over `signedBody` (default: the body sent). */
function answer(
  body: string,
  options: { signedBody?: string; key?: string; requestId?: string; target?: string } = {},
) {
  const requestId = options.requestId ?? "req-1";
  const signature = signComponents(
    {
      clientId: CLIENT,
      requestId,
      timestamp: TIMESTAMP,
      timestampHeader: "Response-Timestamp",
      requestTarget: options.target ?? TARGET,
      digest: digestBody(Buffer.from(options.signedBody ?? body)),
    },
    options.key ?? KEY,
  );
  const headers: Record<string, string | string[] | undefined> = {
    "Client-Id": CLIENT,
    "Request-Id": requestId,
    "Response-Timestamp": TIMESTAMP,
    Signature: signature,
    "Content-Type": "application/json",
  };
  return { headers, body };
}

const verify = (a: ReturnType<typeof answer>, extra: { requestId?: string } = {}) =>
  verifyDokuResponse({
    headers: a.headers,
    body: a.body,
    clientId: CLIENT,
    secretKey: KEY,
    requestTarget: TARGET,
    ...extra,
  });

const BODY = '{"online_to_offline_inquiry":{"status":"success"}}';

describe("verifyDokuResponse", () => {
  it("accepts a well-signed answer, with headers in any case, as a record or fetch Headers", () => {
    const good = answer(BODY);
    expect(verify(good, { requestId: "req-1" })).toEqual({ valid: true });
    const lower = Object.fromEntries(Object.entries(good.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verify({ ...good, headers: lower })).toEqual({ valid: true });
    const fetched = new Headers(good.headers as Record<string, string>);
    expect(
      verifyDokuResponse({
        headers: fetched,
        body: Buffer.from(BODY),
        clientId: CLIENT,
        secretKey: KEY,
        requestTarget: TARGET,
      }),
    ).toEqual({ valid: true });
    expect(
      verify({ ...good, headers: { ...good.headers, "Content-Type": "Application/JSON; charset=utf-8" } }),
    ).toEqual({ valid: true });
    const noType = { ...good.headers };
    delete noType["Content-Type"];
    expect(verify({ ...good, headers: noType })).toEqual({ valid: true });
  });

  it("joins a header sent twice, as HTTP does", () => {
    const good = answer(BODY);
    const twice = { ...good.headers, "Client-Id": [CLIENT, CLIENT] };
    expect(verify({ ...good, headers: twice })).toEqual({
      valid: false,
      reason: "client_id_mismatch",
      detail: `Client-Id is ${CLIENT}, ${CLIENT}, expected ${CLIENT}`,
    });
  });

  it("names a Client-Id or Request-Id that does not echo the request's", () => {
    const good = answer(BODY);
    expect(verify({ ...good, headers: { ...good.headers, "Client-Id": "OTHER" } })).toEqual({
      valid: false,
      reason: "client_id_mismatch",
      detail: `Client-Id is OTHER, expected ${CLIENT}`,
    });
    expect(verify(good, { requestId: "req-2" })).toEqual({
      valid: false,
      reason: "request_id_mismatch",
      detail: "Request-Id does not echo the request's",
    });
    // Without the request's Request-Id there is nothing to compare with.
    expect(verify(good)).toEqual({ valid: true });
    // An answer without one is missing a header, not echoing another.
    expect(verify({ ...good, headers: { ...good.headers, "Request-Id": undefined } }, { requestId: "req-1" })).toEqual({
      valid: false,
      reason: "missing_header",
      detail: "the Request-Id header is missing or empty",
    });
  });

  it("refuses an answer that is not JSON by its Content-Type", () => {
    const good = answer(BODY);
    expect(verify({ ...good, headers: { ...good.headers, "Content-Type": "text/html" } })).toEqual({
      valid: false,
      reason: "wrong_content_type",
      detail: "Content-Type is text/html",
    });
  });

  it("passes on why the signature check failed", () => {
    const good = answer(BODY);
    expect(verify({ ...good, headers: { ...good.headers, Signature: undefined } })).toEqual({
      valid: false,
      reason: "missing_header",
      detail: "the Signature header is missing or empty",
    });
    expect(verify({ ...good, headers: { ...good.headers, "Client-Id": undefined } })).toMatchObject({
      reason: "missing_header",
      detail: "the Client-Id header is missing or empty",
    });
    expect(verify({ ...good, headers: { ...good.headers, Signature: "HMACSHA256=short" } })).toMatchObject({
      valid: false,
      reason: "malformed_signature",
    });
    expect(verify({ ...good, headers: { ...good.headers, "Response-Timestamp": "yesterday" } })).toEqual({
      valid: false,
      reason: "stale_timestamp",
      detail: "Response-Timestamp is not an ISO 8601 UTC time like 2020-08-11T08:45:42Z",
    });
    const long = answer(BODY, { requestId: "r".repeat(129) });
    expect(verify(long)).toEqual({
      valid: false,
      reason: "request_id_mismatch",
      detail: "Request-Id is 129 characters; DOKU sends at most 128",
    });
  });

  it("says what most likely broke a signature", () => {
    const mismatch = "bad_signature";
    const base = "Signature does not match the body, path and headers received; likely cause: ";
    const compact = JSON.stringify({ a: 1, b: [1, 2] });
    const pretty = JSON.stringify({ a: 1, b: [1, 2] }, null, 2);
    expect(verify(answer(pretty, { signedBody: compact }))).toEqual({
      valid: false,
      reason: mismatch,
      detail: `${base}the answer was signed, then re-serialised (res.json or a proxy changed the bytes)`,
    });
    expect(verify(answer("<html>", { signedBody: "<html >" }))).toEqual({
      valid: false,
      reason: mismatch,
      detail: `${base}the answer body is not JSON`,
    });
    const otherKey = `${base}the server signs with another secret key, or over another path`;
    expect(verify(answer(BODY, { key: "SK-OTHER" }))).toEqual({ valid: false, reason: mismatch, detail: otherKey });
    expect(verify(answer(BODY, { target: "/other" }))).toEqual({ valid: false, reason: mismatch, detail: otherKey });
    // Compact bytes that are already what JSON.stringify gives: nothing was re-serialised.
    expect(verify(answer(compact, { signedBody: `${compact} ` }))).toEqual({
      valid: false,
      reason: mismatch,
      detail: otherKey,
    });
  });

  it("takes the Request-Id for the re-serialisation guess from the answer, not a default", () => {
    const signed = answer(JSON.stringify({ a: 1 }, null, 1), {
      signedBody: JSON.stringify({ a: 1 }),
      requestId: "given-id",
    });
    expect(verify(signed)).toMatchObject({
      valid: false,
      reason: "bad_signature",
      detail: expect.stringContaining("re-serialised"),
    });
  });
});

describe("the body builders", () => {
  it("build an inquiry as DOKU sends it, dated now unless told", () => {
    const before = Date.now();
    const body = buildInquiryBody();
    expect(body).toEqual({
      service: { id: "ONLINE_TO_OFFLINE" },
      acquirer: { id: "ALFA" },
      channel: { id: "ONLINE_TO_OFFLINE_ALFA" },
      online_to_offline_info: { payment_code: "8896512345678123" },
      online_to_offline_inquiry: { date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), identifier: [] },
    });
    const date = Date.parse((body.online_to_offline_inquiry as { date: string }).date);
    expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(date).toBeLessThanOrEqual(Date.now());
    expect(buildInquiryBody({ date: TIMESTAMP, identifier: [{ name: "X" }], overrides: { extra: 1 } })).toMatchObject({
      online_to_offline_inquiry: { date: TIMESTAMP, identifier: [{ name: "X" }] },
      extra: 1,
    });
  });

  it("build a notification with the till's identifiers, a fresh AGENT_TRX_ID each time", () => {
    const body = buildNotificationBody();
    expect(body).toMatchObject({
      transaction: { status: "SUCCESS", original_request_id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
      order: { invoice_number: "INV-TEST-0001", amount: 150_000 },
      online_to_offline_info: { payment_code: "8896512345678123" },
      additional_info: {},
    });
    const identifiers = (body.online_to_offline_payment as { identifier: { name: string; value: string }[] })
      .identifier;
    expect(identifiers.map((i) => i.name)).toEqual(["AGENT_ID", "AGENT_STORE_ID", "AGENT_TRX_ID"]);
    expect(identifiers[0]?.value).toBe("ALFAMART");
    expect(identifiers[1]?.value).toBe("TEST-STORE");
    expect(identifiers[2]?.value).toMatch(/^[0-9a-f-]{12}$/);
    expect(buildNotificationBody().online_to_offline_payment).not.toEqual(body.online_to_offline_payment);
    expect(
      buildNotificationBody({ agentStoreId: "S-9", agentTrxId: "T-1", additionalInfo: { k: "v" }, date: TIMESTAMP }),
    ).toMatchObject({
      transaction: { date: TIMESTAMP },
      online_to_offline_payment: { identifier: [{ value: "ALFAMART" }, { value: "S-9" }, { value: "T-1" }] },
      additional_info: { k: "v" },
    });
  });
});

describe("signDokuRequest", () => {
  it("takes the timestamp as a Date, epoch ms or the header itself", () => {
    const at = Date.UTC(2024, 0, 2, 3, 4, 5);
    const sign = (timestamp: Date | number | string) =>
      signDokuRequest({ clientId: CLIENT, secretKey: KEY, requestTarget: TARGET, body: "{}", timestamp });
    expect(sign(new Date(at)).headers["Request-Timestamp"]).toBe("2024-01-02T03:04:05Z");
    expect(sign(at).headers["Request-Timestamp"]).toBe("2024-01-02T03:04:05Z");
    expect(sign("2030-01-01T00:00:00Z").headers["Request-Timestamp"]).toBe("2030-01-01T00:00:00Z");
    expect(signDokuRequest({ clientId: CLIENT, secretKey: KEY, requestTarget: TARGET, body: { é: 1 } }).body).toBe(
      '{"é":1}',
    );
  });
});
