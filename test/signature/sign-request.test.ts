import { createRequestSigner, digestBody, signRequest } from "../../src/signature";
import { CLIENT_ID, SECRET, vector, vectors } from "../support/vectors";

const requestVectors = vectors.filter((v) => v.inputs.timestamp_header_name === "Request-Timestamp");
const EMPTY_DIGEST = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

describe.each(requestVectors.map((v) => [v.id, v] as const))("signRequest on vector %s", (_id, v) => {
  const signed = signRequest({
    clientId: v.inputs.client_id,
    secretKey: v.inputs.secret_key,
    requestTarget: v.inputs.request_target,
    body: v.inputs.body_raw_utf8 ?? undefined,
    requestId: v.inputs.request_id,
    timestamp: v.inputs.timestamp,
  });

  it("gives the four headers with the vector's signature", () => {
    expect(signed.headers).toMatchObject({
      "Client-Id": v.inputs.client_id,
      "Request-Id": v.inputs.request_id,
      "Request-Timestamp": v.inputs.timestamp,
      Signature: v.expected.signature_header_value,
    });
    expect(signed.digest ?? null).toBe(v.expected.digest_base64_sha256);
  });

  it("gives the exact bytes and a JSON Content-Type with a body, neither without one", () => {
    if (v.inputs.body_raw_utf8 === null) {
      expect(signed.bytes).toBeUndefined();
      expect(signed.headers).not.toHaveProperty("Content-Type");
      expect(Object.keys(signed.headers)).toEqual(["Client-Id", "Request-Id", "Request-Timestamp", "Signature"]);
    } else {
      expect(signed.bytes?.length).toBe(v.inputs.body_byte_length);
      expect(signed.bytes?.toString("utf8")).toBe(v.inputs.body_raw_utf8);
      expect(signed.headers["Content-Type"]).toBe("application/json");
    }
  });
});

describe("signRequest", () => {
  const v1 = vector("v1-");
  const sign = (body: string | Buffer | object | undefined, timestamp: Date | number | string = v1.inputs.timestamp) =>
    signRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: v1.inputs.request_target,
      body,
      requestId: v1.inputs.request_id,
      timestamp,
    });

  it("signs a string, a Buffer of it and the object it serialises to alike", () => {
    const text = v1.inputs.body_raw_utf8 as string;
    for (const body of [text, Buffer.from(text), JSON.parse(text) as object]) {
      const signed = sign(body);
      expect(signed.headers.Signature).toBe(v1.expected.signature_header_value);
      expect(signed.bytes?.equals(Buffer.from(text))).toBe(true);
    }
    const buffer = Buffer.from(text);
    expect(sign(buffer).bytes).toBe(buffer);
  });

  it("signs an empty body with the digest of zero bytes (a POST always has a Digest line)", () => {
    expect(sign("")).toMatchObject({
      digest: EMPTY_DIGEST,
      bytes: Buffer.alloc(0),
      headers: { "Content-Type": "application/json" },
    });
  });

  it("takes the timestamp as a Date, epoch ms or the header itself, and now by default", () => {
    const at = Date.UTC(2024, 0, 2, 3, 4, 5);
    expect(sign("{}", new Date(at)).headers["Request-Timestamp"]).toBe("2024-01-02T03:04:05Z");
    expect(sign("{}", at).headers["Request-Timestamp"]).toBe("2024-01-02T03:04:05Z");
    expect(sign("{}", "2030-01-01T00:00:00Z").headers["Request-Timestamp"]).toBe("2030-01-01T00:00:00Z");
    const before = Math.floor(Date.now() / 1000) * 1000;
    const stamped = Date.parse(
      signRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: "/x" }).headers["Request-Timestamp"],
    );
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(Date.now());
  });

  it("makes a fresh UUID Request-Id unless given one", () => {
    const a = signRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: "/x" }).headers["Request-Id"];
    const b = signRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: "/x" }).headers["Request-Id"];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});

describe("createRequestSigner", () => {
  const v1 = vector("v1-");
  const prepared = {
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: v1.inputs.request_target,
    body: JSON.parse(v1.inputs.body_raw_utf8 as string) as object,
  };

  it("signs every attempt afresh with the same Request-Id, bytes and digest", () => {
    const sign = createRequestSigner(prepared);
    const first = sign(Date.UTC(2024, 0, 1, 0, 0, 0));
    const retry = sign(Date.UTC(2024, 0, 1, 0, 0, 30));
    expect(retry.headers["Request-Id"]).toBe(first.headers["Request-Id"]);
    expect(retry.bytes).toBe(first.bytes);
    expect(retry.digest).toBe(digestBody(first.bytes as Buffer));
    expect(retry.headers["Request-Timestamp"]).toBe("2024-01-01T00:00:30Z");
    expect(retry.headers.Signature).not.toBe(first.headers.Signature);
    expect(retry).toEqual(
      signRequest({ ...prepared, requestId: first.headers["Request-Id"], timestamp: Date.UTC(2024, 0, 1, 0, 0, 30) }),
    );
  });

  it("reproduces vector v1 for its timestamp", () => {
    const sign = createRequestSigner({ ...prepared, requestId: v1.inputs.request_id });
    expect(sign(v1.inputs.timestamp).headers.Signature).toBe(v1.expected.signature_header_value);
  });
});
