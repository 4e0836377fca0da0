import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { type DokuClient, DokuError } from "../../src";
import { clientOf, order } from "../support/client";
import { CLIENT_ID, SECRET } from "../support/doku-api";

// createIndomaretPaymentCode and Check Status against a fake DOKU written here by hand: its own
// HMAC, its own 409 memory, the answer shape third-party fixtures show for Indomaret (payment_code,
// how_to_pay_page, expired_date; no *_utc dates). Nothing of the package signs or checks on this side.
const INDOMARET_PATH = "/indomaret-online-to-offline/v2/payment-code";
const STATUS_PATH = "/orders/v1/status/";
const CODE = "8890123456789012";

/** What the fake does with the next create: fail before the work, drop after it, or answer. */
type Plan = "503" | "drop_after_work" | "sign_wrongly" | "answer";

interface Received {
  method: string;
  path: string;
  requestId: string;
  timestamp: string;
  body: string;
  signatureValid: boolean;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("base64");

/** DOKU's string to sign, HMAC-SHA256 with the secret, base64, prefixed. */
function hmac(secret: string, lines: string[]): string {
  return `HMACSHA256=${createHmac("sha256", secret).update(lines.join("\n")).digest("base64")}`;
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

class FakeDoku {
  readonly received: Received[] = [];
  plans: Plan[] = [];
  /** DOKU's 409 memory: the first answer's bytes for a Request-Id. */
  readonly #answers = new Map<string, Buffer>();
  #server: Server | undefined;
  url = "";
  paid = false;

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => this.#handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((done) => this.#server?.listen(0, "127.0.0.1", done));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.#server?.closeAllConnections();
    return new Promise((done) => this.#server?.close(() => done()));
  }

  #handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const path = req.url ?? "";
    const requestId = header(req, "Request-Id");
    const timestamp = header(req, "Request-Timestamp");
    const lines = [
      `Client-Id:${header(req, "Client-Id")}`,
      `Request-Id:${requestId}`,
      `Request-Timestamp:${timestamp}`,
      `Request-Target:${path}`,
    ];
    if (req.method !== "GET") lines.push(`Digest:${sha256(body)}`);
    const signatureValid = header(req, "Signature") === hmac(SECRET, lines);
    this.received.push({ method: req.method ?? "", path, requestId, timestamp, body: body.toString(), signatureValid });
    if (!signatureValid)
      return this.#send(res, 400, requestId, path, Buffer.from('{"error":{"code":"invalid_signature"}}'));

    if (req.method === "GET" && path.startsWith(STATUS_PATH)) return this.#status(res, requestId, path);
    if (req.method !== "POST" || path !== INDOMARET_PATH)
      return this.#send(res, 404, requestId, path, Buffer.from("{}"));

    const first = this.#answers.get(requestId);
    if (first !== undefined) return this.#send(res, 409, requestId, path, first);
    const plan = this.plans.shift() ?? "answer";
    if (plan === "503") return this.#send(res, 503, requestId, path, Buffer.from('{"message":"Service Unavailable"}'));
    const request = JSON.parse(body.toString()) as { order: { invoice_number: string } };
    const answer = Buffer.from(
      JSON.stringify({
        order: { invoice_number: request.order.invoice_number },
        online_to_offline_info: {
          payment_code: CODE,
          how_to_pay_page: `https://sandbox.doku.com/indomaret-online-to-offline/v2/how-to-pay-page/${CODE}`,
          expired_date: "20261207103000",
        },
      }),
    );
    this.#answers.set(requestId, answer);
    if (plan === "drop_after_work") {
      req.socket.destroy();
      return;
    }
    this.#send(res, 200, requestId, path, answer, plan === "sign_wrongly" ? "SK-SOMEONE-ELSE" : SECRET);
  }

  #status(res: ServerResponse, requestId: string, path: string): void {
    const invoice = decodeURIComponent(path.slice(STATUS_PATH.length));
    const body = {
      order: { invoice_number: invoice, amount: "150000.00" },
      transaction: {
        status: this.paid ? "SUCCESS" : "PENDING",
        date: "2026-12-07T02:40:00Z",
        original_request_id: "idm-create-1",
      },
      service: { id: "ONLINE_TO_OFFLINE" },
      acquirer: { id: "INDOMARET" },
      channel: { id: "ONLINE_TO_OFFLINE_INDOMARET" },
      online_to_offline_info: { payment_code: CODE, expired_date: "20261207103000", reusable_status: "false" },
      ...(this.paid
        ? {
            online_to_offline_payment: {
              identifier: [
                { name: "AGENT_ID", value: "INDOMARET" },
                { name: "AGENT_STORE_ID", value: "TJKT" },
                { name: "AGENT_TRX_ID", value: "IDM0000001" },
              ],
            },
          }
        : {}),
    };
    this.#send(res, 200, requestId, path, Buffer.from(JSON.stringify(body)));
  }

  /** An answer signed as DOKU signs it: over the path called and these exact bytes. */
  #send(res: ServerResponse, status: number, requestId: string, path: string, bytes: Buffer, secret = SECRET): void {
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const signature = hmac(secret, [
      `Client-Id:${CLIENT_ID}`,
      `Request-Id:${requestId}`,
      `Response-Timestamp:${timestamp}`,
      `Request-Target:${path}`,
      `Digest:${sha256(bytes)}`,
    ]);
    res.writeHead(status, {
      "Content-Type": "application/json",
      "Content-Length": bytes.length,
      "Client-Id": CLIENT_ID,
      "Request-Id": requestId,
      "Response-Timestamp": timestamp,
      Signature: signature,
    });
    res.end(bytes);
  }
}

let doku: FakeDoku;
beforeEach(async () => {
  doku = new FakeDoku();
  await doku.start();
});
afterEach(() => doku.close());

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("resolved");
    },
    (e: unknown) => e as DokuError,
  );

/** Each attempt of one call: the same Request-Id and the same bytes, each signed right. */
function expectOneCall(received: Received[], attempts: number) {
  expect(received).toHaveLength(attempts);
  expect(new Set(received.map((r) => r.requestId)).size).toBe(1);
  expect(new Set(received.map((r) => r.body)).size).toBe(1);
  expect(received.every((r) => r.signatureValid)).toBe(true);
}

describe("createIndomaretPaymentCode against a hand-written DOKU", () => {
  it("posts Alfa's DGPC body to Indomaret's path, signed; reads the code and keeps DOKU's fields", async () => {
    const { client, events } = clientOf(doku, { verifyResponses: "enforce" });
    const created = await client.createIndomaretPaymentCode(order("INV-FAKE-1"));
    expect(created).toMatchObject({
      paymentCode: CODE,
      replayed: false,
      order: { invoice_number: "INV-FAKE-1" },
      online_to_offline_info: {
        how_to_pay_page: `https://sandbox.doku.com/indomaret-online-to-offline/v2/how-to-pay-page/${CODE}`,
        expired_date: "20261207103000",
      },
    });
    // Only the *_utc dates are read as Dates; the fixtures show none.
    expect(created.expiresAt).toBeUndefined();
    expectOneCall(doku.received, 1);
    expect(doku.received[0]).toMatchObject({ method: "POST", path: INDOMARET_PATH });
    expect(JSON.parse(doku.received[0]?.body as string)).toEqual(order("INV-FAKE-1"));
    expect(created.requestId).toBe(doku.received[0]?.requestId);
    expect(events.filter((e) => e.type === "response_signature")).toEqual([]);
  });

  it("a 503 then a success: retried under the same Request-Id and bytes", async () => {
    doku.plans = ["503"];
    const { client, events } = clientOf(doku, { verifyResponses: "enforce" });
    const created = await client.createIndomaretPaymentCode(order("INV-FAKE-503"));
    expect(created).toMatchObject({ paymentCode: CODE, replayed: false });
    expectOneCall(doku.received, 2);
    expect(events.filter((e) => e.type === "retry")).toEqual([
      expect.objectContaining({ operation: "createIndomaretPaymentCode", attempt: 1, reason: "HTTP 503" }),
    ]);
  });

  it("a connection dropped after DOKU did the work: the retry is answered 409, the first answer, replayed", async () => {
    doku.plans = ["drop_after_work"];
    const { client, events } = clientOf(doku, { verifyResponses: "enforce" });
    const created = await client.createIndomaretPaymentCode(order("INV-FAKE-DROP"));
    expect(created).toMatchObject({ paymentCode: CODE, replayed: true, order: { invoice_number: "INV-FAKE-DROP" } });
    expectOneCall(doku.received, 2);
    expect(events.filter((e) => e.type === "retry")).toEqual([
      expect.objectContaining({ operation: "createIndomaretPaymentCode", attempt: 1, reason: "connection" }),
    ]);
  });

  it("the caller's own Request-Id sent again: 409 resolves as the first answer, as Alfa's create does", async () => {
    const { client } = clientOf(doku, { verifyResponses: "enforce" });
    const first = await client.createIndomaretPaymentCode(order("INV-FAKE-RID"), { requestId: "idm-create-1" });
    const again = await client.createIndomaretPaymentCode(order("INV-FAKE-RID"), { requestId: "idm-create-1" });
    expect(first.replayed).toBe(false);
    expect(again).toMatchObject({ replayed: true, requestId: "idm-create-1", paymentCode: first.paymentCode });
    expect(doku.received.map((r) => r.requestId)).toEqual(["idm-create-1", "idm-create-1"]);
  });

  it("a 503 on every attempt: an api error after the retries, naming the one Request-Id", async () => {
    doku.plans = ["503", "503", "503"];
    const { client } = clientOf(doku, { maxRetries: 2 });
    const error = await caught(client.createIndomaretPaymentCode(order("INV-FAKE-DOWN")));
    expect(error).toBeInstanceOf(DokuError);
    expect(error).toMatchObject({ type: "api", status: 503, attempts: 3, invoiceNumber: "INV-FAKE-DOWN" });
    expect(error.requestId).toBe(doku.received[0]?.requestId);
    expectOneCall(doku.received, 3);
  });

  it("an answer signed with another key is refused with the client's error, in enforce mode", async () => {
    doku.plans = ["sign_wrongly"];
    const { client } = clientOf(doku, { verifyResponses: "enforce", maxRetries: 0 });
    const error = await caught(client.createIndomaretPaymentCode(order("INV-FAKE-SIG")));
    expect(error).toBeInstanceOf(DokuError);
    expect(error).toMatchObject({
      type: "unknown_outcome",
      code: "bad_signature",
      requestId: doku.received[0]?.requestId,
      invoiceNumber: "INV-FAKE-SIG",
      url: `${doku.url}${INDOMARET_PATH}`,
    });
  });

  it("the same answer, in warn mode: kept, and the mismatch told in an event", async () => {
    doku.plans = ["sign_wrongly"];
    const { client, events } = clientOf(doku, { verifyResponses: "warn" });
    expect((await client.createIndomaretPaymentCode(order("INV-FAKE-WARN"))).paymentCode).toBe(CODE);
    expect(events.filter((e) => e.type === "response_signature")).toEqual([
      expect.objectContaining({
        operation: "createIndomaretPaymentCode",
        reason: expect.stringMatching(/^bad_signature/),
      }),
    ]);
  });
});

describe("Check Status of an Indomaret code against a hand-written DOKU", () => {
  it("pending, then paid at Indomaret: the store's references and Indomaret's channel read", async () => {
    const { client } = clientOf(doku, { verifyResponses: "enforce" });
    const pending = await client.getStatus("INV-FAKE-ST");
    expect(pending).toMatchObject({
      status: "PENDING",
      isFinal: false,
      amount: 150_000,
      reusable: false,
      channel: { id: "ONLINE_TO_OFFLINE_INDOMARET" },
      acquirer: { id: "INDOMARET" },
    });
    doku.paid = true;
    const paid = await client.getStatus("INV-FAKE-ST");
    expect(paid).toMatchObject({ status: "SUCCESS", isFinal: true, identifiers: { AGENT_ID: "INDOMARET" } });
    expect(paid.transactionDate?.toISOString()).toBe("2026-12-07T02:40:00.000Z");
    expect(doku.received.map((r) => [r.method, r.path, r.signatureValid])).toEqual([
      ["GET", `${STATUS_PATH}INV-FAKE-ST`, true],
      ["GET", `${STATUS_PATH}INV-FAKE-ST`, true],
    ]);
  });
});

// Compiled by tsc (the project's type check): Indomaret codes have one call, the create. If the client grew an
// Indomaret register, update or cancel, or a way to point update or cancel at Indomaret, this would not compile.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const onlyCreateForIndomaret: Exactly<
  Extract<keyof DokuClient, `${string}ndomaret${string}`>,
  "createIndomaretPaymentCode"
> = true;
const everyMethod: Record<keyof DokuClient, true> = {
  createPaymentCode: true,
  createIndomaretPaymentCode: true,
  registerPaymentCode: true,
  updatePaymentCode: true,
  cancelPaymentCode: true,
  getStatus: true,
};

async function noIndomaretUpdate(client: DokuClient): Promise<void> {
  const code = { order: { invoice_number: "I" }, online_to_offline_info: { payment_code: "8890123456789012" } };
  // @ts-expect-error update and cancel have no chain to choose: they are Alfa's PATCH
  await client.updatePaymentCode(code, { chain: "indomaret" });
  // @ts-expect-error update and cancel have no chain to choose: they are Alfa's PATCH
  await client.cancelPaymentCode(code, { chain: "indomaret" });
  // @ts-expect-error the code's body names no chain either
  await client.cancelPaymentCode({ ...code, chain: "indomaret" });
}

it("types: Indomaret has a create and nothing else", () => {
  expect(onlyCreateForIndomaret).toBe(true);
  expect(Object.keys(everyMethod)).toHaveLength(6);
  expect(typeof noIndomaretUpdate).toBe("function");
});
