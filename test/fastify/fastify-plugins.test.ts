import { request as httpRequest } from "node:http";
import { connect } from "node:net";

import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";

import { dokuInquiry, dokuNotification, type InquiryPluginContext } from "../../src/fastify";
import type { DokuEvent } from "../../src/pipeline/events";
import { buildInquiryBody, buildNotificationBody, signDokuRequest, verifyDokuResponse } from "../../src/testing";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// The plugins in a real Fastify 5 app on 127.0.0.1, beside the app's own JSON route.
const events: DokuEvent[] = [];
const seen: InquiryPluginContext[] = [];
const requests: FastifyRequest[] = [];
const paid: string[] = [];
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  app = Fastify();
  app.addHook("onRequest", async (request) => void requests.push(request));
  app.post("/api/echo", async (request) => ({ received: request.body }));
  await app.register(dokuInquiry, {
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
  await app.register(dokuNotification, {
    prefix: "/api",
    path: "/doku/notification",
    clients: CLIENTS,
    limit: 4096,
    bodyTimeoutMs: 200,
    onEvent: (e) => events.push(e),
    onPayment: (n, ctx) => {
      paid.push(`${n.order.invoice_number} ${ctx.req.routeOptions.url}`);
    },
  });
  url = await app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(() => app.close());

async function post(path: string, body: string | object, secretKey = SECRET, requestId?: string) {
  const s = signDokuRequest({ clientId: CLIENT_ID, secretKey, requestTarget: path, body, requestId });
  const response = await fetch(url + path, { method: "POST", headers: s.headers, body: s.body });
  const bytes = Buffer.from(await response.arrayBuffer());
  const verified = verifyDokuResponse({
    headers: response.headers,
    body: bytes,
    clientId: CLIENT_ID,
    secretKey: SECRET,
    requestTarget: path,
    requestId: s.headers["Request-Id"],
  });
  return { response, bytes, verified, signed: s };
}

/** A POST by node:http, whose body is written as given and never ended unless `end`. */
function rawPost(path: string, headers: Record<string, string>, chunk: string, end: boolean) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest(url + path, { method: "POST", headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode as number, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.write(chunk);
    if (end) req.end();
  });
}

describe("dokuInquiry", () => {
  it("answers a signed inquiry with an answer that verifies, Fastify's request on ctx.req", async () => {
    const { response, bytes, verified } = await post("/doku/inquiry", buildInquiryBody());
    expect(response.status).toBe(200);
    expect(verified).toEqual({ valid: true });
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(bytes.toString())).toMatchObject({ online_to_offline_inquiry: { status: "success" } });
    expect(seen.at(-1)?.req).toBe(requests.at(-1));
  });

  it("refuses a bad signature with 401 and its reason", async () => {
    const { response, bytes } = await post("/doku/inquiry", buildInquiryBody(), "another-secret-key-0123456789");
    expect(response.status).toBe(401);
    expect(JSON.parse(bytes.toString())).toEqual({ online_to_offline_inquiry: { status: "invalid_signature" } });
    expect(events.at(-1)).toMatchObject({ router: "inquiry", reason: "bad_signature", statusCode: 401 });
  });

  it("replays the same bytes for a repeat of a Request-Id", async () => {
    const first = await post("/doku/inquiry", buildInquiryBody());
    const again = await fetch(url + "/doku/inquiry", {
      method: "POST",
      headers: first.signed.headers,
      body: first.signed.body,
    });
    expect(Buffer.from(await again.arrayBuffer()).equals(first.bytes)).toBe(true);
    expect(again.headers.get("signature")).toBe(first.response.headers.get("signature"));
    expect(events.at(-1)).toMatchObject({ replayed: true, reason: "resolved" });
  });
});

describe("dokuNotification", () => {
  it("runs onPayment once for a notification and its repeat, under the register prefix", async () => {
    const body = buildNotificationBody({ invoiceNumber: "INV-FY1" });
    const first = await post("/api/doku/notification", body);
    expect(first.response.status).toBe(200);
    const repeat = await fetch(url + "/api/doku/notification", {
      method: "POST",
      headers: first.signed.headers,
      body: first.signed.body,
    });
    expect(repeat.status).toBe(200);
    expect(paid.filter((p) => p.startsWith("INV-FY1"))).toEqual(["INV-FY1 /api/doku/notification"]);
    expect(events.at(-1)).toMatchObject({ router: "notification", reason: "duplicate", replayed: true });
  });

  it("refuses a Content-Length over the limit with 413, closing the connection", async () => {
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/api/doku/notification",
      body: {},
    });
    const answer = await rawPost(
      "/api/doku/notification",
      { ...s.headers, "Content-Length": "5000" },
      "x".repeat(100),
      false,
    );
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(JSON.parse(answer.body)).toEqual({ error: "body_too_large" });
    expect(events.at(-1)).toMatchObject({ reason: "body_too_large", statusCode: 413 });
  });

  it("answers a body that stalls with 408 at the time limit", async () => {
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/api/doku/notification",
      body: {},
    });
    const answer = await rawPost("/api/doku/notification", { ...s.headers, "Content-Length": "100" }, "{", false);
    expect(answer.status).toBe(408);
    expect(events.at(-1)).toMatchObject({ reason: "body_read_timeout", statusCode: 408 });
  });
});

describe("after an answer that closes the connection", () => {
  /** Writes the raw bytes on one connection; resolves with all that came back once it closes. */
  function exchange(bytes: string): Promise<string> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve) => {
      const socket = connect(Number(port), hostname);
      let received = "";
      socket.on("data", (c: Buffer) => (received += c.toString()));
      socket.on("close", () => resolve(received));
      socket.on("error", () => undefined);
      socket.write(bytes);
      setTimeout(() => socket.destroy(), 3_000).unref();
    });
  }

  it("a signed request pipelined behind a 413 is never processed", async () => {
    const path = "/api/doku/notification";
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: path,
      body: buildNotificationBody({ invoiceNumber: "INV-FY-PIPED" }),
    });
    const headers = Object.entries(s.headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\r\n");
    const behind = `POST ${path} HTTP/1.1\r\nHost: x\r\n${headers}\r\nContent-Length: ${s.bytes.length}\r\n\r\n${s.body}`;
    const tooLarge = `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n${"x".repeat(5000)}`;
    const received = await exchange(tooLarge + behind);
    expect(received).toMatch(/^HTTP\/1\.1 413/);
    expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(paid.filter((p) => p.startsWith("INV-FY-PIPED"))).toEqual([]);
  });
});

describe("beside the app's own JSON route", () => {
  it("the app's route gets Fastify's parsed JSON; the DOKU route the exact bytes", async () => {
    const echo = await fetch(url + "/api/echo", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{ "b" : 2,  "a":1 }',
    });
    expect(await echo.json()).toEqual({ received: { b: 2, a: 1 } });

    // Spacing and key order that JSON.stringify would change: signed over exactly these bytes.
    const body = buildNotificationBody({ invoiceNumber: "INV-FY-BYTES" });
    const { transaction, ...rest } = body;
    const spaced = `{\n  "transaction" :  ${JSON.stringify(transaction)},\n${JSON.stringify(rest, null, 1).slice(1)}`;
    expect(JSON.stringify(JSON.parse(spaced))).not.toBe(spaced);
    const { response } = await post("/api/doku/notification", spaced);
    expect(response.status).toBe(200);
    expect(paid.some((p) => p.startsWith("INV-FY-BYTES"))).toBe(true);
  });

  it("leaves Fastify's JSON errors to the app's route: a broken body there is Fastify's 400", async () => {
    const echo = await fetch(url + "/api/echo", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{",
    });
    expect(echo.status).toBe(400);
    expect(await echo.json()).toMatchObject({ code: "FST_ERR_CTP_INVALID_JSON_BODY" });
  });
});

describe("before Fastify reads the body", () => {
  it.each([
    ["an empty Content-Type", ""],
    ["a Content-Type that is no media type", "???"],
  ])("a signed inquiry with %s gets the pipeline's answer, not Fastify's 415", async (_n, contentType) => {
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      body: buildInquiryBody(),
    });
    const answer = await rawPost("/doku/inquiry", { ...s.headers, "Content-Type": contentType }, s.body, true);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ online_to_offline_inquiry: { status: "success" } });
    expect(events.at(-1)).toMatchObject({ reason: "resolved", requestId: s.headers["Request-Id"] });
  });

  it("a requestTarget function that throws goes to Fastify's error handler: 500, nothing hangs", async () => {
    const other = Fastify();
    await other.register(dokuInquiry, {
      path: "/doku/inquiry",
      clients: CLIENTS,
      onEvent: false,
      requestTarget: () => {
        throw new Error("no target");
      },
      lookupPaymentCode: () => ({ status: "billing_not_found" }),
    });
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      body: buildInquiryBody(),
    });
    const otherUrl = await other.listen({ port: 0, host: "127.0.0.1" });
    const answer = await fetch(otherUrl + "/doku/inquiry", { method: "POST", headers: s.headers, body: s.body });
    expect(answer.status).toBe(500);
    await other.close();
  });
});

describe("options", () => {
  it("a wrong option fails the app's ready with the option named", async () => {
    const other = Fastify();
    other.register(dokuInquiry, {
      path: "/doku/:code",
      clients: CLIENTS,
      lookupPaymentCode: () => ({ status: "billing_not_found" }),
    });
    await expect(other.ready()).rejects.toThrow(/option `path`/);
  });
});
