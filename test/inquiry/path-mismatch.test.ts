import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import express, { type Request, type RequestHandler, type Response } from "express";
import request from "supertest";

import { createInquiryRouter, createNotificationRouter, type DokuEvent } from "../../src";
import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../../src/testing";
import { eventLog } from "../support/http";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// `path` is relative to where the router is mounted: a request DOKU sent (one of the router's
// Client-Ids) that reaches the router at a path it was almost given gets the app's own 404 and
// one `path_mismatch` event naming the fix, once per router.

function inquiryRouter(path: string, onEvent: (e: DokuEvent) => void, asked: string[] = []): RequestHandler {
  return createInquiryRouter({
    path,
    clients: CLIENTS,
    onEvent,
    lookupPaymentCode: (code) => {
      asked.push(code);
      return { status: "billing_not_found" };
    },
  });
}

const signed = (
  path: string,
  body: object = buildInquiryBody(),
  over: { clientId?: string; requestId?: string } = {},
) =>
  signDokuRequest({
    clientId: over.clientId ?? CLIENT_ID,
    secretKey: SECRET,
    requestTarget: path,
    body,
    requestId: over.requestId,
  });

function post(app: express.Express, path: string, s = signed(path)) {
  return request(app).post(path).set(s.headers).send(s.body);
}

const mismatches = (events: DokuEvent[]) => events.filter((e) => e.reason === "path_mismatch");

describe("a router given the mount prefix again in `path`", () => {
  it("leaves the request to the app's own 404 and names the fix in one error event", async () => {
    const log = eventLog();
    const asked: string[] = [];
    const app = express();
    app.use("/doku", inquiryRouter("/doku/inquiry", log.onEvent, asked));
    const res = await post(app, "/doku/inquiry", signed("/doku/inquiry", buildInquiryBody(), { requestId: "rid-1" }));
    expect(res.status).toBe(404);
    expect(res.text).toContain("Cannot POST /doku/inquiry");
    expect(asked).toEqual([]);
    expect(log.events).toEqual([
      expect.objectContaining({
        router: "inquiry",
        level: "error",
        reason: "path_mismatch",
        statusCode: 404,
        requestId: "rid-1",
        clientId: CLIENT_ID,
      }),
    ]);
    expect(log.last().detail).toContain("mounted under /doku: give path '/inquiry'");
  });

  it("reports it once per router, not once per request", async () => {
    const first = eventLog();
    const second = eventLog();
    const app = express();
    app.use("/doku", inquiryRouter("/doku/inquiry", first.onEvent));
    const other = express();
    other.use("/doku", inquiryRouter("/doku/inquiry", second.onEvent));
    for (let i = 0; i < 3; i++) await post(app, "/doku/inquiry").expect(404);
    await post(other, "/doku/inquiry").expect(404);
    expect(mismatches(first.events)).toHaveLength(1);
    expect(mismatches(second.events)).toHaveLength(1);
    expect(first.events).toHaveLength(1);
  });

  it("is diagnosed on the notification router too, in any letter case and with a trailing slash", async () => {
    const log = eventLog();
    const app = express();
    app.use(
      "/Payments",
      createNotificationRouter({
        path: "/payments/doku/notify/",
        clients: CLIENTS,
        onEvent: log.onEvent,
        onPayment: () => undefined,
      }),
    );
    const path = "/payments/doku/notify";
    await post(app, path, signed(path, buildNotificationBody())).expect(404);
    expect(log.last()).toMatchObject({ router: "notification", reason: "path_mismatch", level: "error" });
    expect(log.last().detail).toContain("mounted under /payments: give path '/doku/notify/'");
  });
});

describe("a path that does not say where the router is mounted", () => {
  it("names the path to give when the router lacks the prefix DOKU calls", async () => {
    const log = eventLog();
    const app = express();
    app.use(inquiryRouter("/inquiry", log.onEvent));
    await post(app, "/doku/inquiry").expect(404);
    expect(log.last()).toMatchObject({ reason: "path_mismatch", level: "error" });
    expect(log.last().detail).toContain("give path '/doku/inquiry'");
    expect(log.last().detail).toContain("the app's root");
  });

  it("names the path to give when the router has a prefix the request does not (a proxy that strips it?)", async () => {
    const log = eventLog();
    const app = express();
    app.use("/doku", inquiryRouter("/api/inquiry", log.onEvent));
    await post(app, "/doku/inquiry").expect(404);
    expect(log.last().detail).toContain("mounted under /doku");
    expect(log.last().detail).toContain("give path '/inquiry'");
  });
});

describe("requests that are not a mis-mounted router's", () => {
  it("are passed on without an event", async () => {
    const inquiry = eventLog();
    const notify = eventLog();
    const app = express();
    app.use("/doku", inquiryRouter("/inquiry", inquiry.onEvent));
    app.use(
      "/doku",
      createNotificationRouter({
        path: "/notify",
        clients: CLIENTS,
        onEvent: notify.onEvent,
        onPayment: () => undefined,
      }),
    );
    app.post("/orders", (_req, res) => void res.status(201).end());
    // Each router sees the other's requests go by, and the app's own.
    await post(app, "/doku/inquiry").expect(404);
    await post(app, "/doku/notify", signed("/doku/notify", buildNotificationBody())).expect(200);
    await post(app, "/orders").expect(201);
    await request(app).post("/orders").send({}).expect(201);
    // Not DOKU's: no Client-Id, or one the router does not know; and not a POST.
    const unknown = signed("/doku/doku/inquiry", buildInquiryBody(), { clientId: "MCH-OTHER" });
    await request(app).post("/doku/doku/inquiry").set(unknown.headers).send(unknown.body).expect(404);
    await request(app).post("/doku/doku/inquiry").send("{}").expect(404);
    const get = signed("/doku/doku/inquiry");
    await request(app).get("/doku/doku/inquiry").set(get.headers).expect(404);
    expect(mismatches([...inquiry.events, ...notify.events])).toEqual([]);
  });

  it("does not confuse the two routers when one is mounted before the other at the app's root", async () => {
    const log = eventLog();
    const app = express();
    app.use(inquiryRouter("/doku/inquiry/callback", log.onEvent));
    app.use(
      createNotificationRouter({
        path: "/doku/notify/callback",
        clients: CLIENTS,
        onEvent: log.onEvent,
        onPayment: () => undefined,
      }),
    );
    const path = "/doku/notify/callback";
    await post(app, path, signed(path, buildNotificationBody())).expect(200);
    expect(log.events.map((e) => e.reason)).toEqual(["handled"]);
  });
});

it("never throws on a plain node:http server, which has no req.originalUrl", async () => {
  const log = eventLog();
  const router = inquiryRouter("/doku/inquiry", log.onEvent);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    router(req as Request, res as Response, (error?: unknown) => {
      res.statusCode = error === undefined ? 404 : 500;
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const s = signed("/shop/doku/inquiry");
    const res = await fetch(`${url}/shop/doku/inquiry`, { method: "POST", headers: s.headers, body: s.body });
    expect(res.status).toBe(404);
    expect(log.last()).toMatchObject({ reason: "path_mismatch" });
    expect(log.last().detail).toContain("give path '/shop/doku/inquiry'");
  } finally {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

describe("a router whose `path` a request has proved right", () => {
  it("stops looking: a later request at a near path (anyone may claim a Client-Id) is not reported", async () => {
    const log = eventLog();
    const app = express();
    app.use(inquiryRouter("/doku/inquiry", log.onEvent));
    expect((await post(app, "/doku/inquiry")).status).toBe(404);
    expect((await post(app, "/doku/doku/inquiry")).status).toBe(404);
    expect(mismatches(log.events)).toEqual([]);
  });

  it("says the Client-Id it reports was claimed, not verified", async () => {
    const log = eventLog();
    const app = express();
    app.use("/doku", inquiryRouter("/doku/inquiry", log.onEvent));
    await post(app, "/doku/inquiry");
    expect(mismatches(log.events)[0]?.detail).toContain(`claiming Client-Id ${CLIENT_ID} (not verified`);
  });
});
