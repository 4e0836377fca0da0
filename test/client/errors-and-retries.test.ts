import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { createDokuClient, DokuError } from "../../src";
import type { DokuEmulator } from "../../src/emulator";
import { clientOf, order } from "../support/client";
import { CLIENT_ID, emulatorWith, SECRET } from "../support/doku-api";

let emulator: DokuEmulator;
beforeEach(async () => {
  emulator = await emulatorWith();
});
afterEach(() => emulator.close());

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("resolved");
    },
    (e: unknown) => e as DokuError,
  );

describe("DOKU's errors, as one typed family", () => {
  it.each([
    [
      "another secret key",
      { secretKey: "SK-NOT-DOKUS" },
      "authentication",
      "invalid_signature",
      "Invalid Header Signature",
    ],
    ["an unknown Client-Id", { clientId: "MCH-NOBODY" }, "authentication", "invalid_client_id", "Invalid Client-Id"],
  ])("%s: %s", async (_name, options, type, code, dokuMessage) => {
    const { client, sent } = clientOf(emulator, options);
    const error = await caught(client.createPaymentCode(order("INV-A")));
    expect(error).toBeInstanceOf(DokuError);
    expect(error).toMatchObject({
      name: "DokuError",
      type,
      status: 400,
      code,
      dokuMessage,
      attempts: 1,
      invoiceNumber: "INV-A",
      method: "POST",
      url: `${emulator.url}/alfa-online-to-offline/v2/payment-code`,
    });
    expect(error.requestId).toBe(sent[0]?.headers["Request-Id"]);
    expect(JSON.parse(error.rawBody as string)).toEqual({
      error: { code, message: dokuMessage, type: "invalid_request_error" },
    });
    expect(error.message).toBe(
      `POST ${emulator.url}/alfa-online-to-offline/v2/payment-code: DOKU answered 400 ${code}: ${dokuMessage}; check the Client-Id and secret key for this environment`,
    );
    expect(sent).toHaveLength(1);
  });

  it("a duplicate invoice is a conflict, an unknown code is not found, a field DOKU refuses is an invalid request", async () => {
    const { client } = clientOf(emulator);
    await client.createPaymentCode(order("INV-D"));
    expect(await caught(client.createPaymentCode(order("INV-D")))).toMatchObject({
      type: "conflict",
      status: 400,
      code: "duplicate_invoice_number",
      attempts: 1,
    });
    expect(
      await caught(
        client.updatePaymentCode({ order: { invoice_number: "INV-D" }, online_to_offline_info: { payment_code: "1" } }),
      ),
    ).toMatchObject({ type: "not_found", status: 404, code: "payment_code_not_found" });
    expect(await caught(client.getStatus("INV-NOBODY"))).toMatchObject({
      type: "not_found",
      status: 404,
      code: "transaction_not_found",
    });
    const elsewhere = await caught(
      client.createPaymentCode({
        ...order("INV-O"),
        additional_info: { override_notification_url: "https://elsewhere.example.com/doku/notify" },
      }),
    );
    expect(elsewhere).toMatchObject({ type: "invalid_request", status: 400, code: "invalid_parameter" });
  });

  it("the same Request-Id with another body is an idempotency error", async () => {
    const { client } = clientOf(emulator);
    await client.createPaymentCode(order("INV-1"), { requestId: "one-call" });
    expect(await caught(client.createPaymentCode(order("INV-2"), { requestId: "one-call" }))).toMatchObject({
      type: "idempotency",
      code: "idempotent_request",
      attempts: 1,
    });
  });

  it("does not retry a 4xx", async () => {
    const { client, sent } = clientOf(emulator, { clientId: "MCH-NOBODY" });
    await caught(client.getStatus("INV-1"));
    expect(sent).toHaveLength(1);
  });
});

describe("retries under one Request-Id, with the same bytes and a fresh timestamp", () => {
  let tick = 0;
  const now = () => Date.now() + tick++ * 1000;

  it("a timeout after DOKU did the work: the retry is answered 409 and resolves as replayed", async () => {
    emulator.addFault({ route: "create", outcome: "lose_answer", times: 1 });
    const { client, events } = clientOf(emulator, { timeoutMs: 300, now });
    const created = await client.createPaymentCode(order("INV-LOST"));
    expect(created.replayed).toBe(true);
    expect(created.paymentCode).toBe(emulator.codes().codes[0]?.payment_code);
    expect(emulator.codes().held).toBe(1);
    const calls = emulator.calls().calls;
    expect(calls.map((c) => [c.status, c.replayed ?? false])).toEqual([
      [200, false],
      [409, true],
    ]);
    expect(calls[1]?.requestId).toBe(calls[0]?.requestId);
    expect(calls[1]?.bodyDigest).toBe(calls[0]?.bodyDigest);
    expect(calls[1]?.requestTimestamp).not.toBe(calls[0]?.requestTimestamp);
    expect(calls.every((c) => c.signature?.valid)).toBe(true);
    expect(events.filter((e) => e.type === "retry")).toEqual([
      expect.objectContaining({ attempt: 1, reason: "timeout" }),
    ]);
  });

  it("a 5xx then a success", async () => {
    emulator.addFault({ route: "create", outcome: "error_status", status: 503, times: 1 });
    const { client, events } = clientOf(emulator, { now });
    const created = await client.createPaymentCode(order("INV-5XX"));
    expect(created.replayed).toBe(false);
    expect(emulator.calls().calls.map((c) => c.status)).toEqual([503, 200]);
    expect(events.map((e) => e.type)).toEqual(["request", "response", "retry", "request", "response", "result"]);
    expect(events.at(-1)).toMatchObject({ operation: "createPaymentCode", attempt: 2, outcome: "ok" });
    expect(events[2]).toMatchObject({ reason: "HTTP 503" });
  });

  it("a 429, and an HTML 502 from a gateway, are retried; after the retries, an api error with the raw body", async () => {
    emulator.addFault({ route: "status", outcome: "error_status", status: 429, times: 1 });
    emulator.addFault({ route: "status", outcome: "html" });
    const { client } = clientOf(emulator);
    const error = await caught(client.getStatus("INV-1"));
    expect(error).toMatchObject({ type: "api", status: 502, code: undefined, attempts: 3 });
    expect(error.rawBody).toContain("502 Bad Gateway");
    expect(error.message).toBe(
      `GET ${emulator.url}/orders/v1/status/INV-1: answered 502 with an HTML page; DOKU failed; retrying with the same Request-Id is safe`,
    );
    expect(emulator.calls().calls.map((c) => c.status)).toEqual([429, 502, 502]);
  });

  it("a reset connection is retried", async () => {
    emulator.addFault({ route: "register", outcome: "reset", times: 1 });
    const { client } = clientOf(emulator);
    const body = order("INV-RST");
    const registered = await client.registerPaymentCode({
      ...body,
      online_to_offline_info: { ...body.online_to_offline_info, payment_code: "777" },
    });
    expect(registered.paymentCode).toBe("777");
  });

  it("a create that never got an answer is an unknown outcome, with what to do", async () => {
    emulator.addFault({ route: "create", outcome: "lose_answer" });
    const { client, sent } = clientOf(emulator, { timeoutMs: 200, maxRetries: 1 });
    const error = await caught(client.createPaymentCode(order("INV-UNK")));
    expect(error).toMatchObject({ type: "unknown_outcome", status: undefined, attempts: 2, invoiceNumber: "INV-UNK" });
    expect(error.message).toBe(
      `POST ${emulator.url}/alfa-online-to-offline/v2/payment-code: no answer within 200 ms, 2 attempts; it may have happened: retry with the same Request-Id (DOKU answers 409 with the first answer) or check the status; never send it again under a new Request-Id`,
    );
    expect(new Set(sent.map((s) => s.headers["Request-Id"])).size).toBe(1);
    expect(emulator.codes().held).toBe(1);
    emulator.clearFaults();
    const retried = await client.createPaymentCode(order("INV-UNK"), { requestId: error.requestId });
    expect(retried.replayed).toBe(true);
  });

  it("a read sent but never answered is a connection error", async () => {
    emulator.addFault({ route: "status", outcome: "lose_answer" });
    const { client } = clientOf(emulator, { timeoutMs: 200 });
    const error = await caught(client.getStatus("INV-1"));
    expect(error).toMatchObject({ type: "connection", attempts: 3, method: "GET" });
    expect(error.message).toBe(
      `GET ${emulator.url}/orders/v1/status/INV-1: no answer within 200 ms, 3 attempts; DOKU could not be reached; try again later`,
    );
  });

  it("a clock more than 3,600 s off: one re-signed retry, then the request-time error", async () => {
    let skew = 3_700_000;
    const { client, events } = clientOf(emulator, { now: () => Date.now() - skew });
    expect(await caught(client.getStatus("INV-1"))).toMatchObject({
      type: "request_time",
      code: "request_time_out_of_range",
      attempts: 2,
    });
    expect(events.filter((e) => e.type === "retry")).toEqual([
      expect.objectContaining({ reason: "request_time_out_of_range", delayMs: 0 }),
    ]);
    let calls = 0;
    const healing = clientOf(emulator, { now: () => (calls++ === 0 ? Date.now() - skew : Date.now()) });
    await healing.client.createPaymentCode(order("INV-SKEW"));
    expect(
      emulator
        .calls()
        .calls.slice(-2)
        .map((c) => c.status),
    ).toEqual([400, 200]);
    skew = 0;
  });

  it("the caller's AbortSignal ends the call: a lost create is then an unknown outcome", async () => {
    emulator.addFault({ route: "create", outcome: "lose_answer" });
    const { client } = clientOf(emulator, { timeoutMs: 5_000 });
    const error = await caught(client.createPaymentCode(order("INV-ABORT"), { signal: AbortSignal.timeout(150) }));
    expect(error).toMatchObject({ type: "unknown_outcome", attempts: 1 });
    expect(error.message).toContain("aborted by the caller while waiting for DOKU");
    const before = new AbortController();
    before.abort();
    expect(await caught(client.getStatus("INV-1", { signal: before.signal }))).toMatchObject({
      type: "not_sent",
      attempts: 0,
    });
  });
});

describe("bodies DOKU's other envelopes and gateways send", () => {
  let server: Server;
  let url: string;
  let answer: { status: number; type: string; body: string };
  beforeAll(async () => {
    server = createServer((_req, res) =>
      res.writeHead(answer.status, { "Content-Type": answer.type }).end(answer.body),
    );
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it.each([
    [
      { status: 400, type: "application/json", body: '{"message":["order.amount must be greater than 0"]}' },
      { type: "invalid_request", code: undefined, dokuMessage: "order.amount must be greater than 0" },
    ],
    [
      {
        status: 400,
        type: "application/json",
        body: '{"error":{"code":"mystery_code","message":"New"},"order":{"invoice_number":"INV-9"}}',
      },
      { type: "invalid_request", code: "mystery_code", dokuMessage: "New" },
    ],
    [
      { status: 404, type: "application/json", body: '{"message":"No static resource alfa/x."}' },
      { type: "not_found", dokuMessage: "No static resource alfa/x." },
    ],
    [
      { status: 403, type: "text/plain", body: "" },
      { type: "authentication", code: undefined, dokuMessage: undefined, rawBody: "" },
    ],
    [
      { status: 409, type: "application/json", body: '{"error":{"code":"conflict","message":"busy"}}' },
      { type: "conflict", code: "conflict" },
    ],
  ])("%j", async (sent, expected) => {
    answer = sent;
    const client = createDokuClient({ clientId: CLIENT_ID, secretKey: SECRET, baseUrl: url, verifyResponses: "off" });
    expect(await caught(client.getStatus("INV-9"))).toMatchObject({ ...expected, status: sent.status, attempts: 1 });
  });

  it("a 200 whose body is not a JSON object is never a success", async () => {
    answer = { status: 200, type: "text/html", body: "<html>captive portal</html>" };
    const client = createDokuClient({ clientId: CLIENT_ID, secretKey: SECRET, baseUrl: url, verifyResponses: "off" });
    expect(await caught(client.createPaymentCode(order("INV-H")))).toMatchObject({
      type: "unknown_outcome",
      status: 200,
    });
    expect(await caught(client.getStatus("INV-H"))).toMatchObject({ type: "not_doku", status: 200 });
    answer = { status: 200, type: "application/json", body: '{"order":{"invoice_number":"INV-H"}}' };
    expect(await caught(client.createPaymentCode(order("INV-H")))).toMatchObject({
      type: "unknown_outcome",
      message: expect.stringContaining("without online_to_offline_info.payment_code"),
    });
    expect(await caught(client.getStatus("INV-H"))).toMatchObject({
      type: "not_doku",
      message: expect.stringContaining("without transaction.status and order"),
    });
  });
});
