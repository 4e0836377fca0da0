import { createMemoryStore } from "../../src";
import { createInquiryHandler, createNotificationHandler, type InquiryHandlerContext } from "../../src/fetch";
import { requireNodeCrypto } from "../../src/fetch/node-crypto";
import type { DokuEvent } from "../../src/pipeline/events";
import { buildInquiryBody, buildNotificationBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// The fetch handlers called with real Requests, as a Next.js route handler or Bun.serve calls them.
const BASE = "http://merchant.test";
const events: DokuEvent[] = [];
const seen: InquiryHandlerContext[] = [];
const inquiry = createInquiryHandler({
  path: "/doku/inquiry",
  clients: CLIENTS,
  onEvent: (e) => events.push(e),
  lookupPaymentCode: (code, ctx) => {
    seen.push(ctx);
    return code === "8896512345678123"
      ? { status: "success", order: { invoice_number: "INV-1", amount: 150_000 }, customer: { name: "Ani" } }
      : { status: "billing_not_found" };
  },
});
const paid: string[] = [];
const notification = createNotificationHandler({
  clients: CLIENTS,
  onEvent: (e) => events.push(e),
  limit: 4096,
  bodyTimeoutMs: 200,
  onPayment: (n, ctx) => {
    paid.push(`${n.order.invoice_number} ${ctx.req.method}`);
  },
});

function signed(path: string, body: object, secretKey = SECRET, requestId?: string) {
  const s = signDokuRequest({ clientId: CLIENT_ID, secretKey, requestTarget: path, body, requestId });
  return { request: new Request(BASE + path, { method: "POST", headers: s.headers, body: s.body }), signed: s };
}

async function check(response: Response, path: string, requestId: string) {
  const body = Buffer.from(await response.arrayBuffer());
  return {
    body,
    check: verifyDokuResponse({
      headers: response.headers,
      body,
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: path,
      requestId,
    }),
  };
}

const stream = (chunks: Uint8Array[], close: boolean) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (close) controller.close();
    },
  });

describe("createInquiryHandler", () => {
  it("answers a signed inquiry with a signed answer, the Request on ctx.req", async () => {
    const { request, signed: s } = signed("/doku/inquiry", buildInquiryBody());
    const response = await inquiry(request);
    expect(response.status).toBe(200);
    const { body, check: verified } = await check(response, "/doku/inquiry", s.headers["Request-Id"]);
    expect(verified).toEqual({ valid: true });
    expect(JSON.parse(body.toString())).toMatchObject({ online_to_offline_inquiry: { status: "success" } });
    expect(seen.at(-1)?.req).toBe(request);
  });

  it("records the answer for replay before the Response is returned", async () => {
    const store = createMemoryStore();
    const recorded: string[] = [];
    const complete = store.complete.bind(store);
    // A store a few milliseconds away, as Redis is: a record not awaited would land after the Response.
    store.complete = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const done = await complete(...args);
      recorded.push(args[0]);
      return done;
    };
    const handler = createInquiryHandler({
      clients: CLIENTS,
      store,
      onEvent: false,
      lookupPaymentCode: () => ({ status: "billing_not_found" }),
    });
    const response = await handler(signed("/doku/inquiry", buildInquiryBody()).request);
    expect(recorded).toHaveLength(1);
    expect(response.status).toBe(404);
  });

  it("replays the same bytes for a repeat", async () => {
    const first = signed("/doku/inquiry", buildInquiryBody());
    const a = Buffer.from(await (await inquiry(first.request)).arrayBuffer());
    const again = new Request(BASE + "/doku/inquiry", {
      method: "POST",
      headers: first.signed.headers,
      body: first.signed.body,
    });
    const b = Buffer.from(await (await inquiry(again)).arrayBuffer());
    expect(b.equals(a)).toBe(true);
    expect(events.at(-1)).toMatchObject({ replayed: true, reason: "resolved" });
  });

  it("refuses a bad signature with 401, another path with 404, another method with 405", async () => {
    const bad = await inquiry(signed("/doku/inquiry", buildInquiryBody(), "another-secret-key-0123456789").request);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ online_to_offline_inquiry: { status: "invalid_signature" } });
    expect(events.at(-1)).toMatchObject({ reason: "bad_signature", statusCode: 401 });
    expect((await inquiry(signed("/doku/other", buildInquiryBody()).request)).status).toBe(404);
    const get = await inquiry(new Request(BASE + "/doku/inquiry"));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("signs over the request URL's path: a query string is not part of it", async () => {
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      body: buildInquiryBody(),
    });
    const response = await inquiry(
      new Request(`${BASE}/doku/inquiry?x=1`, { method: "POST", headers: s.headers, body: s.body }),
    );
    expect((await check(response, "/doku/inquiry", s.headers["Request-Id"])).check).toEqual({ valid: true });
  });
});

describe("createNotificationHandler", () => {
  it("runs onPayment once for a notification and its repeat, on any path without `path`", async () => {
    const { request, signed: s } = signed("/api/doku", buildNotificationBody({ invoiceNumber: "INV-F1" }));
    expect((await notification(request)).status).toBe(200);
    const again = new Request(BASE + "/api/doku", { method: "POST", headers: s.headers, body: s.body });
    const repeat = await notification(again);
    expect(repeat.status).toBe(200);
    expect(paid.filter((p) => p.startsWith("INV-F1"))).toEqual(["INV-F1 POST"]);
    expect(events.at(-1)).toMatchObject({ reason: "duplicate", replayed: true });
  });

  it("refuses a Content-Length over the limit before reading, with 413", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const s = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: "/n", body: {} });
    const headers = { ...s.headers, "Content-Length": "5000" };
    const request = new Request(BASE + "/n", { method: "POST", headers, body, duplex: "half" });
    const response = await notification(request);
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("cuts off a stream with no Content-Length once it passes the limit, never reading it whole", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const s = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: "/n", body: {} });
    const request = new Request(BASE + "/n", {
      method: "POST",
      headers: s.headers,
      body: endless,
      duplex: "half",
    });
    const response = await notification(request);
    expect(response.status).toBe(413);
    expect(events.at(-1)).toMatchObject({ reason: "body_too_large" });
    expect(pulled).toBeLessThan(10);
  });

  it("answers a body that stalls with 408 at the time limit", async () => {
    const s = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: "/n", body: {} });
    const stalled = stream([new TextEncoder().encode("{")], false);
    const request = new Request(BASE + "/n", {
      method: "POST",
      headers: s.headers,
      body: stalled,
      duplex: "half",
    });
    const response = await notification(request);
    expect(response.status).toBe(408);
    expect(events.at(-1)).toMatchObject({ reason: "body_read_timeout" });
  });

  it("tells a body read before the handler from a bad request", async () => {
    const { request } = signed("/n", buildNotificationBody());
    await request.text();
    const response = await notification(request);
    expect(response.status).toBe(500);
    expect(events.at(-1)).toMatchObject({ reason: "body_already_consumed", level: "error" });
  });
});

describe("where node:crypto is missing", () => {
  it("creation throws a TypeError that says so", () => {
    expect(() => requireNodeCrypto({})).toThrow(TypeError);
    expect(() => requireNodeCrypto({})).toThrow(/needs node:crypto/);
    expect(() => requireNodeCrypto()).not.toThrow();
  });
});
