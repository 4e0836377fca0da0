import type { DokuEmulator } from "../../src/emulator";
import { signDokuRequest } from "../../src/testing";
import { callDoku, CLIENT_ID, DGPC_PATH, dgpcBody, emulatorWith, SECRET } from "../support/doku-api";

// DOKU-API.md §4: the gateway's order of checks and its exact bodies, all HTTP 400, unsigned.
let emulator: DokuEmulator;
beforeAll(async () => {
  emulator = await emulatorWith();
});
afterAll(() => emulator.close());

const invalid = (code: string, message: string) => ({ error: { code, message, type: "invalid_request_error" } });

describe("authentication, in DOKU's order", () => {
  it.each(["Client-Id", "Request-Id", "Request-Timestamp", "Signature"])("a missing %s header", async (name) => {
    const answer = await callDoku(emulator, {
      path: DGPC_PATH,
      body: dgpcBody("INV-H"),
      headers: { [name]: undefined },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(invalid("invalid_header_request", `Header ${name} is required`));
    expect(answer.headers.get("signature")).toBeNull();
  });

  it("names the first missing header when several are missing", async () => {
    const answer = await callDoku(emulator, {
      path: DGPC_PATH,
      body: dgpcBody("INV-H"),
      headers: { "Request-Id": undefined, Signature: undefined },
    });
    expect(answer.json).toEqual(invalid("invalid_header_request", "Header Request-Id is required"));
  });

  it.each(["2020-08-11 08:45:42", "2020-08-11T08:45:42+07:00", "yesterday"])(
    "a Request-Timestamp not in DOKU's form: %s",
    async (timestamp) => {
      const answer = await callDoku(emulator, {
        path: DGPC_PATH,
        body: dgpcBody("INV-T"),
        headers: { "Request-Timestamp": timestamp },
      });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual(invalid("invalid_header_request", "Invalid format Header Request-Timestamp"));
    },
  );

  // The header holds whole seconds: a timestamp ahead of the clock loses up to 999 ms to the
  // truncation, and more to the time on the way, so it is sent 2 s past the window.
  it.each([3_602_000, -3_601_000])("a Request-Timestamp %i ms from its clock", async (skew) => {
    const answer = await callDoku(emulator, {
      path: DGPC_PATH,
      body: dgpcBody("INV-S"),
      timestampMs: Date.now() + skew,
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(
      invalid("request_time_out_of_range", "Header Request-Timestamp is not in +- 3600 second of now"),
    );
  });

  it("takes a timestamp just inside the window", async () => {
    const answer = await callDoku(emulator, {
      path: DGPC_PATH,
      body: dgpcBody("INV-WINDOW"),
      timestampMs: Date.now() - 3_590_000,
    });
    expect(answer.status).toBe(200);
  });

  it("checks the time before the Client-Id, and the Client-Id before the signature", async () => {
    const stale = await callDoku(emulator, {
      path: DGPC_PATH,
      body: dgpcBody("INV-O"),
      clientId: "MCH-NOBODY",
      timestampMs: Date.now() - 7_200_000,
    });
    expect(stale.json.error.code).toBe("request_time_out_of_range");
    const unknown = await callDoku(emulator, {
      path: DGPC_PATH,
      body: dgpcBody("INV-O"),
      clientId: "MCH-NOBODY",
      secretKey: "SK-WRONG",
    });
    expect(unknown.json).toEqual(invalid("invalid_client_id", "Invalid Client-Id"));
  });

  it.each([
    ["another secret key", { secretKey: "SK-NOT-THIS-ONE" }],
    ["a malformed Signature", { headers: { Signature: "HMACSHA256=short" } }],
    ["a Signature without its prefix", { headers: { Signature: "vl9DBTX5KhEiXmnpOD0TSm8PYQknuHPdyHSTSc3W6Ps=" } }],
  ])("%s", async (_name, call) => {
    const answer = await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("INV-SIG"), ...call });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(invalid("invalid_signature", "Invalid Header Signature"));
  });

  it("verifies over the exact bytes: a body changed after signing is refused", async () => {
    const signedFor = JSON.stringify(dgpcBody("INV-BYTES"));
    const signed = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: DGPC_PATH,
      body: signedFor,
    });
    const tampered = await fetch(`${emulator.url}${DGPC_PATH}`, {
      method: "POST",
      headers: signed.headers,
      body: signedFor.replace("150000", "1"),
    });
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toEqual(invalid("invalid_signature", "Invalid Header Signature"));
  });

  it("refuses a Request-Id over 128 characters as a malformed header", async () => {
    const answer = await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("INV-RID"), requestId: "r".repeat(129) });
    expect(answer.json).toEqual(invalid("invalid_header_request", "Invalid format Header Request-Id"));
  });

  it("logs each refusal with its reason and remembers nothing of it", async () => {
    const requestId = "auth-refused-then-fine";
    await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("INV-LOG"), requestId, secretKey: "SK-WRONG-KEY" });
    const refused = emulator.calls().calls.at(-1);
    expect(refused).toMatchObject({
      direction: "received",
      kind: "create",
      status: 400,
      requestId,
      signature: { valid: false, reason: "invalid_signature" },
    });
    const fine = await callDoku(emulator, { path: DGPC_PATH, body: dgpcBody("INV-LOG"), requestId });
    expect(fine.status).toBe(200);
  });
});

describe("paths DOKU does not serve", () => {
  it.each([
    ["GET", "/nothing/here"],
    ["POST", "/alfa-online-to-offline/v2/payment-code/"],
    ["POST", "/ALFA-online-to-offline/v2/payment-code"],
    ["GET", DGPC_PATH],
    ["DELETE", DGPC_PATH],
  ])("%s %s: 404 with the gateway's body", async (method, path) => {
    const response = await fetch(`${emulator.url}${path}`, { method });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: `No static resource ${path}.` });
  });
});
