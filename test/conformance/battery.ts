// One battery, written once, run against every mounting of the routers: what the Express suites
// check, asked over HTTP of a real server on 127.0.0.1, so it holds wherever the core is mounted.
import { connect } from "node:net";

import { buildInquiryBody, buildNotificationBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { type RawAnswer, rawPost } from "../support/raw-http";
import { BODY_TIMEOUT_MS, CLIENT_ID, CODES, INVOICES, LIMIT, type MerchantRecord, SECRET_KEY } from "./merchant";

export const INQUIRY_PATH = "/doku/inquiry";
export const NOTIFICATION_PATH = "/doku/notification";

/** A mounting serving the conformance merchant at INQUIRY_PATH and NOTIFICATION_PATH (after the battery's `prefix`). */
export interface Mounted {
  url: string;
  /** What the merchant saw so far (it accumulates: tests tell their requests apart by Request-Id and invoice). */
  record(): Promise<MerchantRecord>;
  close(): Promise<void>;
}

interface Sign {
  requestId?: string;
  secretKey?: string;
  clientId?: string;
  timestamp?: number;
}

function sign(path: string, body: string | Buffer | object, over: Sign = {}) {
  return signDokuRequest({
    clientId: over.clientId ?? CLIENT_ID,
    secretKey: over.secretKey ?? SECRET_KEY,
    requestTarget: path,
    body,
    requestId: over.requestId,
    timestamp: over.timestamp,
  });
}

let sequence = 0;
/** A name no other test of the run uses, so the accumulated record can be read per test. */
const unique = (prefix: string) => `${prefix}${process.pid}-${Date.now()}-${++sequence}`;

/** An answer signed for this request, verified over the bytes received. */
function verified(answer: RawAnswer, path: string, requestId: string) {
  return verifyDokuResponse({
    headers: answer.headers,
    body: answer.body,
    clientId: CLIENT_ID,
    secretKey: SECRET_KEY,
    requestTarget: path,
    requestId,
  });
}

const json = (answer: RawAnswer) => JSON.parse(answer.body.toString("utf8")) as Record<string, unknown>;
const inquiryStatus = (answer: RawAnswer) => (json(answer).online_to_offline_inquiry as { status: string }).status;

/** The head of a POST whose body the caller then writes (or does not). */
function head(path: string, headers: Record<string, string>, contentLength: number): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return [`POST ${path} HTTP/1.1`, "Host: 127.0.0.1", ...lines, `Content-Length: ${contentLength}`, "", ""].join(
    "\r\n",
  );
}

/** Sends the head and part of the body, then stalls: returns what the server wrote before it closed. */
function stall(url: string, path: string, headers: Record<string, string>, body: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = "";
    socket.on("connect", () => socket.write(head(path, headers, body.length) + body.subarray(0, 10).toString()));
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => resolve(answer));
    // Bounded: a server that never answers fails the test rather than hanging it.
    setTimeout(() => socket.destroy(), BODY_TIMEOUT_MS + 5_000).unref();
  });
}

async function eventFor(mounted: Mounted, requestId: string) {
  return (await mounted.record()).events.find((e) => e.requestId === requestId);
}

export function describeInquiryConformance(name: string, mounted: () => Mounted, prefix = ""): void {
  const path = prefix + INQUIRY_PATH;
  describe(`${name}: inquiry`, () => {
    const post = (body: string | Buffer | object, over: Sign = {}) => {
      const s = sign(path, body, over);
      return { signed: s, answer: rawPost(mounted().url + path, s.headers, s.bytes) };
    };

    it.each([
      ["payable", CODES.payable, "success", 200],
      ["declined", CODES.declined, "decline", 400],
      ["paid", CODES.paid, "billing_already_paid", 400],
      ["expired", CODES.expired, "billing_was_expired", 400],
      ["unknown", CODES.unknown, "billing_not_found", 404],
    ])("answers a %s code with its status and HTTP code, signed", async (_n, code, status, statusCode) => {
      const { signed, answer } = post(buildInquiryBody({ paymentCode: code }));
      const a = await answer;
      expect([a.status, inquiryStatus(a)]).toEqual([statusCode, status]);
      expect(verified(a, path, signed.headers["Request-Id"])).toEqual({ valid: true });
      expect(await eventFor(mounted(), signed.headers["Request-Id"])).toMatchObject({
        router: "inquiry",
        reason: "resolved",
        statusCode,
        replayed: false,
      });
    });

    it.each([
      ["throws", CODES.throws, "resolver_error"],
      ["hangs past timeoutMs", CODES.hangs, "resolver_timeout"],
      ["returns an invalid result", CODES.invalidResult, "invalid_resolver_result"],
    ])("declines, signed, when the resolver %s, and says so in an error event", async (_n, code, reason) => {
      const { signed, answer } = post(buildInquiryBody({ paymentCode: code }));
      const a = await answer;
      expect([a.status, inquiryStatus(a)]).toEqual([400, "decline"]);
      expect(verified(a, path, signed.headers["Request-Id"])).toEqual({ valid: true });
      expect(await eventFor(mounted(), signed.headers["Request-Id"])).toMatchObject({ reason, level: "error" });
    });

    it("reads a 20-digit payment code sent as a JSON number losslessly", async () => {
      const text = JSON.stringify(buildInquiryBody({ paymentCode: "0" })).replace('"0"', CODES.twentyDigits);
      const { answer } = post(text);
      const a = await answer;
      expect(a.status).toBe(200);
      expect((await mounted().record()).lookups).toContain(CODES.twentyDigits);
      expect(a.body.toString()).toContain(CODES.twentyDigits);
    });

    it("sends the same bytes again for the same request, without asking the resolver twice", async () => {
      const s = sign(path, buildInquiryBody({ paymentCode: CODES.payable }));
      const lookupsBefore = (await mounted().record()).lookups.length;
      const first = await rawPost(mounted().url + path, s.headers, s.bytes);
      const again = await rawPost(mounted().url + path, s.headers, s.bytes);
      expect(again.status).toBe(first.status);
      expect(again.body.equals(first.body)).toBe(true);
      expect(again.headers.signature).toBe(first.headers.signature);
      const record = await mounted().record();
      expect(record.lookups.length - lookupsBefore).toBe(1);
      const replays = record.events.filter((e) => e.requestId === s.headers["Request-Id"]).map((e) => e.replayed);
      expect(replays).toEqual([false, true]);
    });

    it("refuses a Request-Id used again with another body: 401, unsigned", async () => {
      const requestId = unique("rid-");
      await post(buildInquiryBody({ paymentCode: CODES.payable }), { requestId }).answer;
      const a = await post(buildInquiryBody({ paymentCode: CODES.declined }), { requestId }).answer;
      expect(a.status).toBe(401);
      expect(a.headers.signature).toBeUndefined();
      const events = (await mounted().record()).events.filter((e) => e.requestId === requestId);
      expect(events.map((e) => e.reason)).toEqual(["resolved", "request_id_reused"]);
    });

    const tamper: [string, string, (s: ReturnType<typeof sign>) => [Record<string, string>, Buffer]][] = [
      ["no Signature header", "missing_header", (s) => [{ ...s.headers, Signature: "" }, s.bytes]],
      ["a signature not in DOKU's format", "malformed_signature", (s) => [{ ...s.headers, Signature: "x" }, s.bytes]],
      ["a body changed after signing", "bad_signature", (s) => [s.headers, Buffer.concat([s.bytes, Buffer.from(" ")])]],
    ];
    it.each(tamper)("refuses %s: 401, unsigned, the resolver not asked", async (_n, reason, change) => {
      const s = sign(path, buildInquiryBody({ paymentCode: unique("") }));
      const [headers, body] = change(s);
      const a = await rawPost(mounted().url + path, headers, body);
      expect(a.status).toBe(401);
      expect(a.headers.signature).toBeUndefined();
      expect(await eventFor(mounted(), s.headers["Request-Id"])).toMatchObject({ reason, level: "warn" });
    });

    it.each([
      ["an unknown Client-Id", "unknown_client", { clientId: "MCH-SOMEONE-ELSE" }],
      ["another key", "bad_signature", { secretKey: "a-key-that-is-not-the-merchants" }],
      ["a timestamp an hour old", "stale_timestamp", { timestamp: Date.now() - 3_600_000 }],
    ])("refuses a request signed with %s: 401, unsigned", async (_n, reason, over) => {
      const { signed, answer } = post(buildInquiryBody({ paymentCode: CODES.payable }), over);
      const a = await answer;
      expect(a.status).toBe(401);
      expect(a.headers.signature).toBeUndefined();
      expect(await eventFor(mounted(), signed.headers["Request-Id"])).toMatchObject({ reason });
    });

    it.each([
      ["bytes that are not UTF-8", Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), "invalid_encoding"],
      ["invalid JSON", Buffer.from("{not json"), "invalid_json"],
      ["a duplicate key", Buffer.from('{"service":{"id":"ONLINE_TO_OFFLINE"},"service":{}}'), "duplicate_key"],
    ])("declines a signed body with %s: 400, signed", async (_n, body, reason) => {
      const { signed, answer } = post(body);
      const a = await answer;
      expect([a.status, inquiryStatus(a)]).toEqual([400, "decline"]);
      expect(verified(a, path, signed.headers["Request-Id"])).toEqual({ valid: true });
      expect(await eventFor(mounted(), signed.headers["Request-Id"])).toMatchObject({ reason });
    });

    it("refuses a body over the limit: 413", async () => {
      const { signed, answer } = post(Buffer.alloc(LIMIT + 1, 0x20));
      expect((await answer).status).toBe(413);
      expect(await eventFor(mounted(), signed.headers["Request-Id"])).toMatchObject({ reason: "body_too_large" });
    });

    it("answers a body that stalls with 408 at the time limit, and closes", async () => {
      const s = sign(path, buildInquiryBody({ paymentCode: CODES.payable }));
      const answer = await stall(mounted().url, path, s.headers, s.bytes);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(await eventFor(mounted(), s.headers["Request-Id"])).toMatchObject({ reason: "body_read_timeout" });
    });
  });
}

export function describeNotificationConformance(name: string, mounted: () => Mounted, prefix = ""): void {
  const path = prefix + NOTIFICATION_PATH;
  describe(`${name}: notification`, () => {
    const notify = (body: object, over: Sign = {}) => {
      const s = sign(path, body, over);
      return rawPost(mounted().url + path, s.headers, s.bytes).then((answer) => ({ answer, signed: s }));
    };
    const paymentsOf = async (invoice: string) =>
      (await mounted().record()).payments.filter((p) => p.invoice === invoice);

    it("handles a payment once; DOKU's retry of it is answered 200 duplicate", async () => {
      const invoice = unique("INV-");
      const body = buildNotificationBody({ invoiceNumber: invoice });
      const first = await notify(body);
      const retry = await notify(body);
      expect([first.answer.status, retry.answer.status]).toEqual([200, 200]);
      expect([json(first.answer), json(retry.answer)]).toEqual([{ status: "OK" }, { status: "OK" }]);
      expect(await paymentsOf(invoice)).toHaveLength(1);
      expect(await eventFor(mounted(), first.signed.headers["Request-Id"])).toMatchObject({ reason: "handled" });
      expect(await eventFor(mounted(), retry.signed.headers["Request-Id"])).toMatchObject({ reason: "duplicate" });
    });

    it("answers 500 when onPayment throws, and handles DOKU's retry", async () => {
      const invoice = unique(INVOICES.flaky);
      const body = buildNotificationBody({ invoiceNumber: invoice });
      const failed = await notify(body);
      expect(failed.answer.status).toBe(500);
      expect(await eventFor(mounted(), failed.signed.headers["Request-Id"])).toMatchObject({
        reason: "handler_error",
        level: "error",
      });
      expect((await notify(body)).answer.status).toBe(200);
      expect(await paymentsOf(invoice)).toHaveLength(1);
    });

    it("runs onPayment once for ten duplicates at the same time", async () => {
      const invoice = unique(INVOICES.slow);
      const body = buildNotificationBody({ invoiceNumber: invoice });
      const answers = await Promise.all(Array.from({ length: 10 }, () => notify(body)));
      expect(await paymentsOf(invoice)).toHaveLength(1);
      const statuses = answers.map((a) => a.answer.status);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    });

    it("refuses a forged notification: 401, unsigned, onPayment not run", async () => {
      const invoice = unique("INV-FORGED-");
      const body = buildNotificationBody({ invoiceNumber: invoice });
      const { answer, signed } = await notify(body, { secretKey: "a-key-that-is-not-the-merchants" });
      expect(answer.status).toBe(401);
      expect(answer.headers.signature).toBeUndefined();
      expect(await paymentsOf(invoice)).toHaveLength(0);
      expect(await eventFor(mounted(), signed.headers["Request-Id"])).toMatchObject({ reason: "bad_signature" });
    });

    it("refuses a body with a duplicate key: 400, onPayment not run", async () => {
      const invoice = unique("INV-DUP-");
      const text = JSON.stringify(buildNotificationBody({ invoiceNumber: invoice })).replace(
        /^\{/,
        '{"order":{"invoice_number":"INV-OTHER","amount":1},',
      );
      const s = sign(path, text);
      const answer = await rawPost(mounted().url + path, s.headers, s.bytes);
      expect(answer.status).toBe(400);
      expect(await paymentsOf(invoice)).toHaveLength(0);
      expect(await eventFor(mounted(), s.headers["Request-Id"])).toMatchObject({ reason: "duplicate_key" });
    });
  });
}
