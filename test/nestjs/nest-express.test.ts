import type { INestApplication } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import type { NestExpressApplication } from "@nestjs/platform-express";

import { createInquiryRouter, createNotificationRouter, type InquiryContext } from "../../src";
import { buildNotificationBody } from "../../src/testing";
import { eventLog } from "../support/http";
import { CLIENTS, SECRET } from "../support/vectors";
import { echo, INQUIRY, inquiryBytes, NOTIFY, post, SUCCESS } from "./doku-calls";
import { AppModule, moduleWithMiddleware } from "./nest-app";

// The routers in a real Nest 11 app on platform-express, on 127.0.0.1, beside a controller of the app's own.

// Nest brings its own Express 5 (a dependency of @nestjs/platform-express), whatever Express the app
// has. The express4 project aliases every `express` import to Express 4, Nest's too: Nest gets its own back.
jest.mock("express", () => {
  // Node's lookup from Nest's folder upwards (Jest's own resolver, createRequire's too, would apply the alias).
  const { existsSync } = jest.requireActual<typeof import("node:fs")>("node:fs");
  const { dirname, join } = jest.requireActual<typeof import("node:path")>("node:path");
  let dir = dirname(require.resolve("@nestjs/platform-express/package.json"));
  while (!existsSync(join(dir, "node_modules/express/package.json"))) {
    if (dir === dirname(dir)) throw new Error("no express for @nestjs/platform-express");
    dir = dirname(dir);
  }
  return jest.requireActual<object>(join(dir, "node_modules/express"));
});

function routers() {
  const log = eventLog();
  const seen: InquiryContext[] = [];
  const paid: string[] = [];
  const inquiry = createInquiryRouter({
    path: INQUIRY,
    clients: CLIENTS,
    onEvent: log.onEvent,
    lookupPaymentCode: (_code, ctx) => {
      seen.push(ctx);
      return SUCCESS;
    },
  });
  const notification = createNotificationRouter({
    path: NOTIFY,
    clients: CLIENTS,
    onEvent: log.onEvent,
    onPayment: (n) => void paid.push(n.order.invoice_number),
  });
  return { inquiry, notification, log, seen, paid };
}

async function started(app: INestApplication): Promise<string> {
  await app.listen(0, "127.0.0.1");
  return app.getUrl();
}

describe.each([
  ["with rawBody: true", true],
  ["without rawBody", false],
])("app.use(router) between NestFactory.create and listen, %s", (_name, rawBody) => {
  const r = routers();
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(AppModule, { rawBody, logger: false });
    app.setGlobalPrefix("api");
    app.use(r.inquiry);
    app.use(r.notification);
    url = await started(app);
  });
  afterAll(() => app.close());

  it("answers a signed inquiry over the bytes as sent, signed; ctx.req is Express's request", async () => {
    const { response, text, valid } = await post(url, INQUIRY, inquiryBytes);
    expect(response.status).toBe(200);
    expect(valid).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ online_to_offline_inquiry: { status: "success" } });
    expect(r.log.last()).toMatchObject({ reason: "resolved", statusCode: 200 });
    // Ahead of Nest's body parsers (registered at listen): the router read the body itself.
    expect(r.seen.at(-1)?.req.originalUrl).toBe(INQUIRY);
    expect(r.seen.at(-1)?.req.body).toBeUndefined();
  });

  it("refuses a bad signature with 401, unsigned", async () => {
    const { response, text } = await post(url, INQUIRY, inquiryBytes, "another-secret-key-0123456789");
    expect(response.status).toBe(401);
    expect(response.headers.get("signature")).toBeNull();
    expect(JSON.parse(text)).toEqual({ online_to_offline_inquiry: { status: "invalid_signature" } });
    expect(r.log.last()).toMatchObject({ reason: "bad_signature", statusCode: 401 });
  });

  it("handles a notification once and answers its duplicate 200", async () => {
    const body = buildNotificationBody({ invoiceNumber: `INV-NEST-${String(rawBody)}` });
    const first = await post(url, NOTIFY, body, SECRET, "nest-once");
    expect(first.response.status).toBe(200);
    const again = await post(url, NOTIFY, body, SECRET, "nest-once");
    expect(again.response.status).toBe(200);
    expect(r.log.last()).toMatchObject({ router: "notification", reason: "duplicate", replayed: true });
    expect(r.paid).toEqual([`INV-NEST-${String(rawBody)}`]);
  });

  it("leaves the app's controller, under the global prefix, Nest's parsed JSON", async () => {
    expect(await echo(url)).toEqual({ status: 201, body: { received: { b: 2, a: 1 } } });
  });

  it("passes a path that is not its own on to Nest's 404", async () => {
    const response = await fetch(`${url}/doku/elsewhere`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
  });
});

describe("as Nest middleware (consumer.apply(router)), after Nest's body parsers", () => {
  const r = routers();
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(moduleWithMiddleware([r.inquiry, r.notification]), {
      rawBody: true,
      logger: false,
    });
    app.setGlobalPrefix("api", { exclude: ["doku/*path"] });
    url = await started(app);
  });
  afterAll(() => app.close());

  it("with rawBody: true, answers over the bytes Nest's JSON parser kept (req.rawBody)", async () => {
    const { response, valid } = await post(url, INQUIRY, inquiryBytes);
    expect(response.status).toBe(200);
    expect(valid).toBe(true);
    const req = r.seen.at(-1)?.req as unknown as { rawBody?: Buffer; body?: unknown };
    expect(req.rawBody?.toString()).toBe(inquiryBytes);
    expect(req.body).toMatchObject({ note: "Kasir Budi · ü" });
  });

  it("handles a notification once, a duplicate answered 200", async () => {
    const body = buildNotificationBody({ invoiceNumber: "INV-NEST-MW" });
    expect((await post(url, NOTIFY, body, SECRET, "nest-mw")).response.status).toBe(200);
    expect((await post(url, NOTIFY, body, SECRET, "nest-mw")).response.status).toBe(200);
    expect(r.log.last()).toMatchObject({ reason: "duplicate" });
    expect(r.paid).toEqual(["INV-NEST-MW"]);
  });

  it("leaves the app's controller Nest's parsed JSON", async () => {
    expect(await echo(url)).toEqual({ status: 201, body: { received: { b: 2, a: 1 } } });
  });
});

describe("as Nest middleware without rawBody: true", () => {
  const r = routers();
  let app: NestExpressApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(moduleWithMiddleware([r.inquiry]), { logger: false });
    url = await started(app);
  });
  afterAll(() => app.close());

  it("answers 500 at once with the fix named: Nest's JSON parser consumed the body and kept no bytes", async () => {
    const { response } = await post(url, INQUIRY, inquiryBytes);
    expect(response.status).toBe(500);
    expect(response.headers.get("signature")).toBeNull();
    expect(r.seen).toEqual([]);
    expect(r.log.last()).toMatchObject({ reason: "body_already_consumed", level: "error", statusCode: 500 });
  });
});
