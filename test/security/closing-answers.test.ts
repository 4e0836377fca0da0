import { connect } from "node:net";

import { createInquiryRouter, createNotificationRouter } from "../../src";
import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../../src/testing";
import { appWith, listen, type Running } from "../support/http";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// Nothing after a closing answer: after a 413, 408 or a failed read the connection is done,
// and a signed request pipelined behind it never reaches the resolver or onPayment.
const looked: string[] = [];
const paid: string[] = [];
let server: Running;

beforeAll(async () => {
  server = await listen(
    appWith(
      createInquiryRouter({
        path: "/i",
        clients: CLIENTS,
        limit: 1024,
        bodyTimeoutMs: 300,
        lookupPaymentCode: (code) => {
          looked.push(code);
          return { status: "billing_not_found" };
        },
      }),
      createNotificationRouter({
        path: "/n",
        clients: CLIENTS,
        limit: 1024,
        bodyTimeoutMs: 300,
        onPayment: (n) => void paid.push(n.order.invoice_number),
      }),
    ),
  );
});
afterAll(() => server.close());

function signedRequest(path: string, body: object): string {
  const s = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: path, body });
  const headers = Object.entries(s.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  return `POST ${path} HTTP/1.1\r\nHost: x\r\n${headers}\r\nContent-Length: ${Buffer.byteLength(s.body)}\r\n\r\n${s.body}`;
}

/** Writes the raw bytes on one connection, then more after `laterMs`; resolves with all that came back once it closes. */
function exchange(first: string, later?: string, laterMs = 0): Promise<string> {
  const url = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = "";
    socket.on("data", (c) => (received += c.toString()));
    socket.on("close", () => resolve(received));
    socket.on("error", () => undefined);
    socket.write(first);
    if (later !== undefined) setTimeout(() => socket.writable && socket.write(later), laterMs);
    setTimeout(() => socket.destroy(), 3_000).unref();
  });
}

describe.each([
  ["/i", () => buildInquiryBody({ paymentCode: "4242" }), () => looked],
  ["/n", () => buildNotificationBody({ invoiceNumber: "INV-PIPED" }), () => paid],
] as const)("%s", (path, body, calls) => {
  beforeEach(() => {
    looked.length = 0;
    paid.length = 0;
  });

  it("a request pipelined behind a 413 is never processed", async () => {
    const tooLarge = `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n${"x".repeat(5000)}`;
    const received = await exchange(tooLarge + signedRequest(path, body()));
    expect(received).toMatch(/^HTTP\/1\.1 413/);
    expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(calls()).toEqual([]);
  });

  it("a request sent behind a body that timed out (408) is never processed", async () => {
    const slow = `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`;
    const received = await exchange(slow, `${"1".repeat(95)}}${signedRequest(path, body())}`, 500);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(calls()).toEqual([]);
  });
});
