import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import {
  createInquiryRouter,
  createNotificationRouter,
  type InquiryContext,
  type NotificationContext,
  type PaymentNotification,
} from "../../src";
import { buildInquiryBody, buildNotificationBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { eventLog } from "../support/http";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// The routers on a plain node:http server, with no Express in the request's way: no
// `originalUrl`, no `req.body`, and `next` written by the app.
const events = eventLog();
const paid: PaymentNotification[] = [];
// What the functions were handed as ctx.req: node:http's request, which has no Express methods.
const handed: IncomingMessage[] = [];
// Typed as node:http's: Express's `get` would not compile.
const expressOnly = (ctx: InquiryContext<IncomingMessage>) =>
  // @ts-expect-error node:http's request has no `get`
  ctx.req.get("host");
void expressOnly;
const inquiry = createInquiryRouter({
  path: "/doku/inquiry",
  clients: CLIENTS,
  onEvent: events.onEvent,
  lookupPaymentCode: async (code, ctx: InquiryContext<IncomingMessage>) => {
    handed.push(ctx.req);
    return code === "8896512345678123"
      ? { status: "success", order: { invoice_number: "INV-1", amount: 150_000 }, customer: { name: "Ani" } }
      : { status: "billing_not_found" };
  },
});
const notification = createNotificationRouter({
  path: "/doku/notify",
  clients: CLIENTS,
  onEvent: events.onEvent,
  onPayment: async (n, ctx: NotificationContext<undefined, IncomingMessage>) => {
    if (ctx.source === "notification") handed.push(ctx.req);
    paid.push(n);
  },
});
const appErrors: unknown[] = [];

function app(req: IncomingMessage, res: ServerResponse): void {
  inquiry(req, res, (error) => {
    if (error !== undefined) return fail(res, error);
    notification(req, res, (second) => {
      if (second !== undefined) return fail(res, second);
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    });
  });
}

function fail(res: ServerResponse, error: unknown): void {
  appErrors.push(error);
  res.writeHead(500).end();
}

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer(app);
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});
afterEach(() => expect(appErrors).toEqual([]));

async function post(path: string, body: object, secretKey = SECRET) {
  const signed = signDokuRequest({ clientId: CLIENT_ID, secretKey, requestTarget: path, body });
  const response = await fetch(url + path, { method: "POST", headers: signed.headers, body: signed.body });
  return { signed, response, text: await response.text() };
}

describe("the routers on a plain node:http server", () => {
  it("answers an inquiry, signed over the path called", async () => {
    const { signed, response, text } = await post("/doku/inquiry", buildInquiryBody());
    expect(response.status).toBe(200);
    expect(JSON.parse(text).online_to_offline_inquiry.status).toBe("success");
    const check = verifyDokuResponse({
      headers: response.headers,
      body: text,
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      requestId: signed.headers["Request-Id"],
    });
    expect(check).toEqual({ valid: true });
  });

  it("answers a bad signature 401, with the mismatch diagnosed", async () => {
    const { response } = await post("/doku/inquiry", buildInquiryBody(), "SK-NOT-THE-KEY");
    expect(response.status).toBe(401);
    expect(events.last()).toMatchObject({ reason: "bad_signature", statusCode: 401 });
  });

  it("runs a notification's handler once, and answers its repeat with the same bytes", async () => {
    const body = buildNotificationBody();
    const signed = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: "/doku/notify", body });
    const send = () => fetch(`${url}/doku/notify`, { method: "POST", headers: signed.headers, body: signed.body });
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.text()).toBe(await first.text());
    expect(paid).toHaveLength(1);
  });

  it("hands the functions node:http's request as ctx.req, as their types say (InquiryContext<IncomingMessage>)", async () => {
    handed.length = 0;
    await post("/doku/inquiry", buildInquiryBody());
    await post("/doku/notify", buildNotificationBody({ agentTrxId: "TRX-CTX-REQ" }));
    expect(handed).toHaveLength(2);
    for (const req of handed) expect((req as unknown as { get?: unknown }).get).toBeUndefined();
  });

  it("passes another path on to the app", async () => {
    const { response, text } = await post("/elsewhere", buildInquiryBody());
    expect(response.status).toBe(404);
    expect(text).toBe("not found");
  });
});
