import type { AddressInfo } from "node:net";

import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";

import { createInquiryHandler, createNotificationHandler } from "../../src/fetch";
import { buildInquiryBody, buildNotificationBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// The fetch handlers served for real by Hono on @hono/node-server, beside the app's own JSON route.
const paid: string[] = [];
const app = new Hono();
const inquiry = createInquiryHandler({
  clients: CLIENTS,
  onEvent: false,
  lookupPaymentCode: () => ({
    status: "success",
    order: { invoice_number: "INV-H", amount: 10_000 },
    customer: { name: "Ani" },
  }),
});
const notification = createNotificationHandler({
  clients: CLIENTS,
  onEvent: false,
  onPayment: (n) => {
    paid.push(n.order.invoice_number);
  },
});
app.post("/doku/inquiry", (c) => inquiry(c.req.raw));
app.post("/doku/notification", (c) => notification(c.req.raw));
app.post("/api/echo", async (c) => c.json(await c.req.json()));

let server: ServerType;
let url: string;
beforeAll(async () => {
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => ready());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
});

async function post(path: string, body: object, secretKey = SECRET) {
  const s = signDokuRequest({ clientId: CLIENT_ID, secretKey, requestTarget: path, body });
  const response = await fetch(url + path, { method: "POST", headers: s.headers, body: s.body });
  return { response, bytes: Buffer.from(await response.arrayBuffer()), requestId: s.headers["Request-Id"] };
}

it("answers a signed inquiry with an answer that verifies", async () => {
  const { response, bytes, requestId } = await post("/doku/inquiry", buildInquiryBody());
  expect(response.status).toBe(200);
  expect(
    verifyDokuResponse({
      headers: response.headers,
      body: bytes,
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      requestId,
    }),
  ).toEqual({ valid: true });
});

it("refuses a bad signature with 401", async () => {
  const { response } = await post("/doku/inquiry", buildInquiryBody(), "another-secret-key-0123456789");
  expect(response.status).toBe(401);
});

it("handles a notification once, and the app's JSON route keeps working", async () => {
  const body = buildNotificationBody({ invoiceNumber: "INV-HONO" });
  const s = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: "/doku/notification", body });
  for (let i = 0; i < 2; i++) {
    const response = await fetch(`${url}/doku/notification`, { method: "POST", headers: s.headers, body: s.body });
    expect(response.status).toBe(200);
  }
  expect(paid).toEqual(["INV-HONO"]);
  const echo = await fetch(`${url}/api/echo`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: '{"a":1}',
  });
  expect(await echo.json()).toEqual({ a: 1 });
});
