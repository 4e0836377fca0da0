import {
  createKeyring,
  digestBody,
  type SignatureComponents,
  signComponents,
  stringToSign,
  verifySignature,
} from "../../src/signature";
import { CLIENT_ID, negativeCases, SECRET, vector, vectors } from "../support/vectors";

const componentsOf = (v: (typeof vectors)[number]): SignatureComponents => ({
  clientId: v.inputs.client_id,
  requestId: v.inputs.request_id,
  timestamp: v.inputs.timestamp,
  timestampHeader: v.inputs.timestamp_header_name,
  requestTarget: v.inputs.request_target,
  digest: v.inputs.body_raw_utf8 === null ? undefined : digestBody(Buffer.from(v.inputs.body_raw_utf8, "utf8")),
});

describe.each(vectors.map((v) => [v.id, v] as const))("vector %s", (_id, v) => {
  it("has the documented byte length", () => {
    expect(Buffer.byteLength(v.inputs.body_raw_utf8 ?? "", "utf8")).toBe(v.inputs.body_byte_length);
  });

  it("reproduces the digest, the string to sign and the signature exactly", () => {
    const components = componentsOf(v);
    expect(components.digest ?? null).toBe(v.expected.digest_base64_sha256);
    expect(stringToSign(components)).toBe(v.expected.component_string);
    expect(signComponents(components, v.inputs.secret_key)).toBe(v.expected.signature_header_value);
  });

  it("verifies with the matching key and target", () => {
    const result = verifySignature({
      headers: {
        clientId: v.inputs.client_id,
        requestId: v.inputs.request_id,
        timestamp: v.inputs.timestamp,
        signature: v.expected.signature_header_value,
      },
      body: v.inputs.body_raw_utf8 ?? undefined,
      requestTarget: v.inputs.request_target,
      keyring: createKeyring([{ clientId: v.inputs.client_id, secretKeys: [v.inputs.secret_key] }]),
      timestampHeader: v.inputs.timestamp_header_name,
      toleranceSec: false,
      nowMs: 0,
    });
    expect(result).toMatchObject({ valid: true, keyIndex: 0, digest: v.expected.digest_base64_sha256 ?? undefined });
  });
});

describe("the v1 request under common mistakes", () => {
  const v1 = vector("v1-");
  const verifyWith = (signature: string, body = v1.inputs.body_raw_utf8 as string, target = v1.inputs.request_target) =>
    verifySignature({
      headers: { clientId: CLIENT_ID, requestId: v1.inputs.request_id, timestamp: v1.inputs.timestamp, signature },
      body,
      requestTarget: target,
      keyring: createKeyring([{ clientId: CLIENT_ID, secretKeys: [SECRET] }]),
      toleranceSec: false,
      nowMs: 0,
    });

  it.each(Object.entries(negativeCases).filter(([name]) => name !== "description" && name !== "correct"))(
    "rejects the %s signature",
    (_name, signature) => {
      const result = verifyWith(signature);
      expect(result.valid).toBe(false);
      expect(["bad_signature", "malformed_signature"]).toContain(!result.valid && result.reason);
    },
  );

  it("accepts the correct one", () => {
    expect(verifyWith(negativeCases.correct as string).valid).toBe(true);
  });

  it("rejects v1's signature on the pretty-printed body of the same JSON value", () => {
    expect(verifyWith(v1.expected.signature_header_value, vector("v1b").inputs.body_raw_utf8 as string)).toMatchObject({
      valid: false,
      reason: "bad_signature",
    });
  });

  it("does not accept the query-string variant (v5) for the path-only target", () => {
    const v5 = vector("v5");
    const v3 = vector("v3");
    expect(v5.expected.signature_header_value).not.toBe(v3.expected.signature_header_value);
  });
});
