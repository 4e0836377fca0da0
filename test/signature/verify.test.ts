import {
  createKeyring,
  formatTimestamp,
  parseTimestamp,
  signaturesEqual,
  toKeyObject,
  type VerifyInput,
  verifySignature,
} from "../../src/signature";
import { diagnoseMismatch } from "../../src/signature/diagnose-mismatch";
import { signDokuRequest } from "../../src/testing";
import { CLIENT_ID, SECRET } from "../support/vectors";

const NOW = Date.parse("2024-05-06T07:08:09Z");
const body = '{"hello":"world"}';

function input(
  overrides: Partial<VerifyInput> = {},
  headerOverrides: Record<string, string | undefined> = {},
): VerifyInput {
  const signed = signDokuRequest({
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: "/doku/inquiry",
    body,
    timestamp: NOW,
    requestId: "req-1",
  });
  return {
    headers: {
      clientId: signed.headers["Client-Id"],
      requestId: signed.headers["Request-Id"],
      timestamp: signed.headers["Request-Timestamp"],
      signature: signed.headers.Signature,
      ...headerOverrides,
    },
    body,
    requestTarget: "/doku/inquiry",
    keyring: createKeyring([{ clientId: CLIENT_ID, secretKeys: [SECRET] }]),
    toleranceSec: 300,
    nowMs: NOW,
    ...overrides,
  };
}

describe("verifySignature", () => {
  it("accepts a genuine request", () => {
    expect(verifySignature(input())).toMatchObject({ valid: true, clientId: CLIENT_ID, requestId: "req-1" });
  });

  it.each([
    ["clientId", "Client-Id"],
    ["requestId", "Request-Id"],
    ["timestamp", "Request-Timestamp"],
    ["signature", "Signature"],
  ])("says missing_header without %s, naming it", (name, header) => {
    expect(verifySignature(input({}, { [name]: undefined }))).toMatchObject({
      valid: false,
      reason: "missing_header",
      detail: `the ${header} header is missing or empty`,
    });
    expect(verifySignature(input({}, { [name]: "" }))).toMatchObject({ valid: false, reason: "missing_header" });
  });

  it("names Response-Timestamp when verifying an answer", () => {
    expect(verifySignature(input({ timestampHeader: "Response-Timestamp" }, { timestamp: undefined }))).toMatchObject({
      detail: "the Response-Timestamp header is missing or empty",
    });
  });

  it("refuses a Request-Id longer than 128 characters, and takes one of 128", () => {
    expect(verifySignature(input({}, { requestId: "x".repeat(129) }))).toMatchObject({
      reason: "malformed_header",
      detail: expect.stringContaining("129 characters"),
    });
    const signed = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      body,
      timestamp: NOW,
      requestId: "y".repeat(128),
    });
    expect(verifySignature(input({}, { requestId: "y".repeat(128), signature: signed.headers.Signature })).valid).toBe(
      true,
    );
  });

  it("says in each detail what was wrong", () => {
    expect(verifySignature(input({}, { signature: "HMACSHA256=x" }))).toMatchObject({
      detail: expect.stringContaining("44 base64 characters"),
    });
    expect(verifySignature(input({}, { clientId: "MCH-OTHER" }))).toMatchObject({
      detail: expect.stringContaining("configured clients"),
    });
    expect(verifySignature(input({}, { timestamp: "yesterday" }))).toMatchObject({
      detail: expect.stringContaining("ISO 8601 UTC"),
    });
    expect(verifySignature(input({ nowMs: NOW + 301_000 }))).toMatchObject({
      detail: "Request-Timestamp is 301 s from this server's clock (tolerance 300 s)",
    });
    expect(verifySignature(input({ nowMs: NOW - 400_000 }))).toMatchObject({
      detail: expect.stringContaining("is -400 s"),
    });
    expect(verifySignature(input({ body: "other" }))).toMatchObject({
      detail: expect.stringContaining("does not match"),
    });
  });

  it.each([
    ["hex HMAC", "HMACSHA256=" + "ab".repeat(32)],
    ["no prefix", "qQ262GY8eyESN99NGg08HSca+c+5isD9C/+vO+bBrfk="],
    [
      "two values",
      "HMACSHA256=qQ262GY8eyESN99NGg08HSca+c+5isD9C/+vO+bBrfk=, HMACSHA256=qQ262GY8eyESN99NGg08HSca+c+5isD9C/+vO+bBrfk=",
    ],
    ["lowercase prefix", "hmacsha256=qQ262GY8eyESN99NGg08HSca+c+5isD9C/+vO+bBrfk="],
    ["unicode", "HMACSHA256=ééééééééééééééééééééééééééééééééééééééééééé="],
  ])("says malformed_signature for a %s", (_name, signature) => {
    expect(verifySignature(input({}, { signature }))).toMatchObject({ reason: "malformed_signature" });
  });

  it("says unknown_client for a Client-Id that is not configured", () => {
    expect(verifySignature(input({}, { clientId: "MCH-OTHER" }))).toMatchObject({ reason: "unknown_client" });
  });

  it.each([301, -301])("says stale_timestamp %i s away and accepts at the edge", (offset) => {
    expect(verifySignature(input({ nowMs: NOW + offset * 1000 }))).toMatchObject({ reason: "stale_timestamp" });
    expect(verifySignature(input({ nowMs: NOW + Math.sign(offset) * 300_000 })).valid).toBe(true);
  });

  it("accepts any time when the window is disabled", () => {
    expect(verifySignature(input({ nowMs: NOW + 86_400_000, toleranceSec: false })).valid).toBe(true);
  });

  it("says bad_signature for another body, target or key", () => {
    expect(verifySignature(input({ body: body + " " }))).toMatchObject({ reason: "bad_signature" });
    expect(verifySignature(input({ requestTarget: "/other" }))).toMatchObject({ reason: "bad_signature" });
    const keyring = createKeyring([{ clientId: CLIENT_ID, secretKeys: ["another-secret"] }]);
    expect(verifySignature(input({ keyring }))).toMatchObject({ reason: "bad_signature" });
  });

  it("tries every key of the client, for rotation", () => {
    const keyring = createKeyring([{ clientId: CLIENT_ID, secretKeys: ["new-secret", toKeyObject(SECRET)] }]);
    expect(verifySignature(input({ keyring }))).toMatchObject({ valid: true, keyIndex: 1 });
  });

  it("never throws on odd header values", () => {
    for (const value of ["\u0000", "a".repeat(10_000), "HMACSHA256=", "=".repeat(55), "🙂".repeat(30)]) {
      expect(() => verifySignature(input({}, { signature: value, timestamp: value }))).not.toThrow();
    }
  });
});

describe("toKeyObject", () => {
  it("makes a secret KeyObject of a string and keeps a KeyObject as it is", () => {
    const key = toKeyObject("SK-ANY");
    expect(key.type).toBe("secret");
    expect(key.export().toString("utf8")).toBe("SK-ANY");
    expect(toKeyObject(key)).toBe(key);
  });
});

describe("diagnoseMismatch", () => {
  it("names the guess whose path the signature covers", () => {
    const wrong = input({ requestTarget: "/mounted/doku/inquiry" });
    expect(diagnoseMismatch(wrong, [{ requestTarget: "/doku/inquiry", cause: "mount prefix" }])).toBe("mount prefix");
  });

  it("falls back to the usual causes", () => {
    expect(diagnoseMismatch(input({ body: "x" }), [{ requestTarget: "/a", cause: "no" }])).toMatch(
      /secret key does not match this Client-Id/,
    );
  });
});

describe("timestamps", () => {
  it.each([
    ["2020-08-11T08:45:42Z", Date.parse("2020-08-11T08:45:42Z")],
    ["2020-08-11T08:45:42.5Z", Date.parse("2020-08-11T08:45:42.500Z")],
    ["2020-08-11T08:45:42.123456Z", Date.parse("2020-08-11T08:45:42.123Z")],
    ["2024-02-29T23:59:59Z", Date.parse("2024-02-29T23:59:59Z")],
    ["2000-02-29T00:00:00Z", Date.parse("2000-02-29T00:00:00Z")],
    ["2021-12-31T00:00:00Z", Date.parse("2021-12-31T00:00:00Z")],
  ])("parses %s", (value, expected) => {
    expect(parseTimestamp(value)).toBe(expected);
  });

  it.each([
    "2020-08-11T08:45:42+07:00",
    "2020-08-11T08:45:42",
    "2020-08-11",
    "2020-02-30T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2020-04-31T00:00:00Z",
    "2020-06-31T00:00:00Z",
    "2020-09-31T00:00:00Z",
    "2020-11-31T00:00:00Z",
    "x2020-08-11T08:45:42Z",
    "2020-08-11T08:45:42Zjunk",
    "2020-08-11T08:45:42.Z",
    "2020-13-01T00:00:00Z",
    "2020-00-10T00:00:00Z",
    "2020-01-00T00:00:00Z",
    "2020-01-01T00:60:00Z",
    "2020-01-01T00:00:60Z",
    "2020-08-11T24:00:00Z",
    "2020-08-11 08:45:42Z",
    " 2020-08-11T08:45:42Z",
    "1597135542",
    "",
  ])("refuses %j", (value) => {
    expect(parseTimestamp(value)).toBeUndefined();
  });

  it("formats whole seconds in UTC", () => {
    expect(formatTimestamp(Date.parse("2020-08-11T08:45:43.987Z"))).toBe("2020-08-11T08:45:43Z");
    expect(formatTimestamp(Date.parse("2020-08-11T08:45:43.001Z"))).toBe("2020-08-11T08:45:43Z");
    expect(formatTimestamp(Date.parse("2020-08-11T08:45:44.000Z"))).toBe("2020-08-11T08:45:44Z");
    expect(formatTimestamp(Date.parse("1999-12-31T23:59:59.999Z"))).toBe("1999-12-31T23:59:59Z");
  });
});

describe("signaturesEqual", () => {
  const sig = "HMACSHA256=qQ262GY8eyESN99NGg08HSca+c+5isD9C/+vO+bBrfk=";
  it("compares well-formed values", () => {
    expect(signaturesEqual(sig, sig)).toBe(true);
    // A short value must not be completed by what an earlier comparison left behind.
    expect(signaturesEqual(sig, sig.slice(0, 20))).toBe(false);
    expect(signaturesEqual(sig.slice(0, 20), sig.slice(0, 20))).toBe(false);
    expect(signaturesEqual(sig, sig)).toBe(true);
    expect(signaturesEqual("HMACSHA256=short", sig)).toBe(false);
    expect(signaturesEqual(sig, sig.replace("q", "r"))).toBe(false);
    expect(signaturesEqual(sig, sig + "x")).toBe(false);
  });
});
