// A merchant written without the package's routers (node:http and node:crypto only), as a PHP, Go or
// Java shop would write one: correct by default, with one flaw switched on per test.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";

export const HW_CLIENT_ID = "MCH-HAND-WRITTEN";
export const HW_SECRET = "SK-HAND-WRITTEN-CHECK";
export const HW_CODES = {
  payable: "7788000000000001",
  /** Payable too: a code above 2^53, which JSON.parse rounds. */
  payable20: "12345678901234567890",
  paid: "7788000000000002",
  expired: "7788000000000003",
};
export const HW_INVOICE = "INV-HW-0001";

export interface Flaws {
  /** The HTTP code of billing_not_found (DOKU's is 404). */
  notFoundStatus?: number;
  /** Answers without Client-Id, Request-Id, Response-Timestamp and Signature. */
  unsigned?: boolean;
  /** Signs the compact JSON, sends it spaced out. */
  signsOtherBytes?: boolean;
  /** Verifies DOKU's signature over JSON.stringify(JSON.parse(body)), not over the bytes received. */
  reserialisingVerifier?: boolean;
  /** Forgets every Request-Id: a replay with another body is answered afresh. */
  noReplayMemory?: boolean;
  /** A notification seen before gets 500. */
  duplicateNotification500?: boolean;
  /** The lookup takes this long. */
  slowMs?: number;
  /** Keeps the code as a JavaScript number, as a JSON.parse reading or a numeric column does: 20 digits come back rounded. */
  roundsCode?: boolean;
  /** The inquiry path answers 301 to another path. */
  redirects?: boolean;
  /** Marks the order paid on a FAILED notification. */
  paysOnFailed?: boolean;
  /** Answers billing_not_found without online_to_offline_info (DOKU asks the echo of a success only). */
  notFoundWithoutEcho?: boolean;
  /** Response-Timestamp as PHP's date('c') writes it: ...+00:00. */
  offsetTimestamp?: boolean;
  /** Every inquiry answer is this many bytes of spaces, streamed. */
  hugeAnswerBytes?: number;
  /** The process dies on a request whose signature does not verify. */
  diesOnForged?: boolean;
  /** Notifications are taken without verifying their signature. */
  notifyUnverified?: boolean;
  /** The HTTP code of a refusal (DOKU's is 401). */
  refusalStatus?: number;
  /** Every inquiry gets an HTML page, HTTP 200. */
  htmlPage?: boolean;
  /** The Content-Type of signed answers (PHP's default is text/html). */
  answerContentType?: string;
}

/** Served over https with this key and certificate (PEM). */
export interface Tls {
  key: string;
  cert: string;
}

export interface HandWrittenMerchant {
  url: string;
  inquiryUrl: string;
  notifyUrl: string;
  /** Every request received: its path. */
  received: string[];
  /** How often the order was marked paid. */
  paidCount: () => number;
  close(): Promise<void>;
}

const b64 = (data: Buffer | string) => createHash("sha256").update(data).digest("base64");
const hmac = (text: string) => `HMACSHA256=${createHmac("sha256", HW_SECRET).update(text).digest("base64")}`;
const lines = (id: string, reqId: string, tsName: string, ts: string, target: string, digest: string) =>
  `Client-Id:${id}\nRequest-Id:${reqId}\n${tsName}:${ts}\nRequest-Target:${target}\nDigest:${digest}`;

function verified(req: IncomingMessage, body: Buffer, target: string, window: boolean, flaws: Flaws): boolean {
  const clientId = req.headers["client-id"];
  const requestId = req.headers["request-id"];
  const timestamp = req.headers["request-timestamp"];
  const signature = req.headers.signature;
  if (clientId !== HW_CLIENT_ID || typeof requestId !== "string" || typeof timestamp !== "string") return false;
  if (typeof signature !== "string") return false;
  const at = Date.parse(timestamp);
  if (Number.isNaN(at) || (window && Math.abs(Date.now() - at) > 300_000)) return false;
  let digested = body;
  if (flaws.reserialisingVerifier) {
    try {
      digested = Buffer.from(JSON.stringify(JSON.parse(body.toString("utf8"))));
    } catch {
      return false;
    }
  }
  const expected = Buffer.from(hmac(lines(clientId, requestId, "Request-Timestamp", timestamp, target, b64(digested))));
  const got = Buffer.from(signature);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => done(Buffer.concat(chunks)));
  });
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
}

function signedAnswer(status: number, answer: object, requestId: string, target: string, flaws: Flaws): Answer {
  const compact = Buffer.from(JSON.stringify(answer));
  const bytes = flaws.signsOtherBytes ? Buffer.from(JSON.stringify(answer, null, 1)) : compact;
  if (flaws.unsigned) return { status, headers: { "Content-Type": "application/json" }, bytes };
  const ts = new Date().toISOString().replace(/\.\d{3}Z$/, flaws.offsetTimestamp ? "+00:00" : "Z");
  const signature = hmac(lines(HW_CLIENT_ID, requestId, "Response-Timestamp", ts, target, b64(compact)));
  const headers = {
    "Content-Type": flaws.answerContentType ?? "application/json",
    "Client-Id": HW_CLIENT_ID,
    "Request-Id": requestId,
    "Response-Timestamp": ts,
    Signature: signature,
  };
  return { status, headers, bytes };
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.bytes);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** `total` bytes of spaces, 64 KiB at a time, until the client goes away. */
function streamSpaces(res: ServerResponse, total: number): void {
  res.writeHead(200, { "Content-Type": "application/json" });
  const chunk = Buffer.alloc(64 * 1024, 32);
  let sent = 0;
  const more = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", more);
    }
    res.end();
  };
  res.on("error", () => undefined);
  more();
}

export async function startHandWrittenMerchant(flaws: Flaws = {}, tls?: Tls): Promise<HandWrittenMerchant> {
  const received: string[] = [];
  const replies = new Map<string, { digest: string; answer: Answer }>();
  const notifications = new Set<string>();
  let paid = 0;
  let paidState = false;

  async function inquiry(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const target = "/doku/inquiry";
    if (flaws.htmlPage) {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html><body>Welcome</body></html>");
      return;
    }
    if (flaws.hugeAnswerBytes !== undefined) return streamSpaces(res, flaws.hugeAnswerBytes);
    if (!verified(req, body, target, true, flaws)) {
      if (flaws.diesOnForged) return die();
      res.writeHead(flaws.refusalStatus ?? 401, { "Content-Type": "application/json" });
      res.end('{"online_to_offline_inquiry":{"status":"invalid_signature"}}');
      return;
    }
    const requestId = req.headers["request-id"] as string;
    const digest = b64(body);
    const seen = replies.get(requestId);
    if (seen !== undefined && !flaws.noReplayMemory) {
      if (seen.digest === digest) return send(res, seen.answer);
      res.writeHead(401, { "Content-Type": "application/json" });
      res.end('{"online_to_offline_inquiry":{"status":"invalid_signature"}}');
      return;
    }
    const text = body.toString("utf8");
    const parsed = JSON.parse(text) as { online_to_offline_info: { payment_code: unknown } };
    const code: string | number = flaws.roundsCode
      ? Number(parsed.online_to_offline_info.payment_code)
      : (/"payment_code"\s*:\s*"?(\d{1,20})"?/.exec(text)?.[1] as string);
    const is = (known: string) => (typeof code === "number" ? Number(known) === code : known === code);
    if (flaws.slowMs !== undefined) await sleep(flaws.slowMs);
    const info = { payment_code: code };
    let answer: Answer;
    const order = { invoice_number: HW_INVOICE, amount: 150_000 };
    const payable = is(HW_CODES.payable) || is(HW_CODES.payable20);
    if (payable && !paidState) {
      const body = {
        order,
        online_to_offline_info: { ...info, info: "Toko Tangan" },
        online_to_offline_inquiry: { status: "success" },
        customer: { name: "Ani" },
        additional_info: {},
      };
      answer = signedAnswer(200, body, requestId, target, flaws);
    } else if (payable || is(HW_CODES.paid)) {
      const body = {
        order,
        online_to_offline_info: info,
        online_to_offline_inquiry: { status: "billing_already_paid" },
      };
      answer = signedAnswer(400, body, requestId, target, flaws);
    } else if (is(HW_CODES.expired)) {
      const body = { online_to_offline_info: info, online_to_offline_inquiry: { status: "billing_was_expired" } };
      answer = signedAnswer(400, body, requestId, target, flaws);
    } else {
      const body = {
        ...(flaws.notFoundWithoutEcho ? {} : { online_to_offline_info: info }),
        online_to_offline_inquiry: { status: "billing_not_found" },
      };
      answer = signedAnswer(flaws.notFoundStatus ?? 404, body, requestId, target, flaws);
    }
    replies.set(requestId, { digest, answer });
    send(res, answer);
  }

  function notify(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    if (!flaws.notifyUnverified && !verified(req, body, "/doku/notify", false, flaws)) {
      res.writeHead(flaws.refusalStatus ?? 401, { "Content-Type": "application/json" });
      res.end('{"error":"invalid_signature"}');
      return;
    }
    const n = JSON.parse(body.toString("utf8")) as {
      order: { invoice_number: string };
      transaction: { status: string };
      online_to_offline_payment: { identifier: { name: string; value: string }[] };
    };
    const trx = n.online_to_offline_payment.identifier.find((i) => i.name === "AGENT_TRX_ID")?.value;
    const key = `${n.order.invoice_number}|${n.transaction.status}|${trx}`;
    const requestKey = `request:${req.headers["request-id"] as string}`;
    if (notifications.has(key) || notifications.has(requestKey)) {
      res.writeHead(flaws.duplicateNotification500 ? 500 : 200, { "Content-Type": "application/json" });
      res.end('{"status":"OK"}');
      return;
    }
    notifications.add(key);
    notifications.add(requestKey);
    if (n.order.invoice_number === HW_INVOICE && (n.transaction.status === "SUCCESS" || flaws.paysOnFailed)) {
      paid++;
      paidState = true;
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end('{"status":"OK"}');
  }

  const listener: RequestListener = (req, res) => {
    void readBody(req).then(async (body) => {
      received.push(req.url ?? "");
      if (req.method === "POST" && req.url === "/doku/inquiry" && flaws.redirects) {
        res.writeHead(301, { Location: "/v2/doku/inquiry" });
        res.end();
      } else if (req.method === "POST" && req.url === "/doku/inquiry") await inquiry(req, res, body);
      else if (req.method === "POST" && req.url === "/doku/notify") notify(req, res, body);
      else if (req.method === "GET" && req.url === `/orders/${HW_INVOICE}`) {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ invoice: HW_INVOICE, state: paidState ? "paid" : "unpaid" }));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  };
  const server = tls === undefined ? createServer(listener) : createHttpsServer(tls, listener);
  /** As a process that exits: every connection cut, nothing listening any more. */
  function die(): void {
    server.close();
    server.closeAllConnections();
  }
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const url = `${tls === undefined ? "http" : "https"}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    inquiryUrl: `${url}/doku/inquiry`,
    notifyUrl: `${url}/doku/notify`,
    received,
    paidCount: () => paid,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
