import { NestFactory } from "@nestjs/core";
import { FastifyAdapter, type NestFastifyApplication } from "@nestjs/platform-fastify";
import type { FastifyPluginAsync, FastifyPluginOptions } from "fastify";

import { dokuInquiry, dokuNotification, type InquiryPluginContext } from "../../src/fastify";
import { buildNotificationBody } from "../../src/testing";
import { eventLog } from "../support/http";
import { CLIENTS, SECRET } from "../support/vectors";
import { echo, INQUIRY, inquiryBytes, NOTIFY, post, SUCCESS } from "./doku-calls";
import { AppModule } from "./nest-app";

// The Fastify plugins registered on a real Nest 11 app on platform-fastify (Nest's own Fastify copy), on 127.0.0.1.

/**
 * `app.register(plugin, options)`, the options checked against the plugin's. This repository holds two
 * Fastify copies, whose types differ: its own (for the package's tests) and the one Nest pins. An app
 * with one copy (`npm ls fastify`) registers the plugins on Nest's app without a cast.
 */
function register<Options extends FastifyPluginOptions>(
  app: NestFastifyApplication,
  plugin: FastifyPluginAsync<Options>,
  options: Options,
) {
  return app.register(plugin as unknown as Parameters<NestFastifyApplication["register"]>[0], options);
}

describe.each([
  ["with rawBody: true", true],
  ["without rawBody", false],
])("dokuInquiry and dokuNotification on app.register, %s", (_name, rawBody) => {
  const log = eventLog();
  const seen: InquiryPluginContext[] = [];
  const paid: string[] = [];
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { rawBody, logger: false });
    app.setGlobalPrefix("api");
    await register(app, dokuInquiry, {
      path: INQUIRY,
      clients: CLIENTS,
      onEvent: log.onEvent,
      lookupPaymentCode: (_code, ctx) => {
        seen.push(ctx);
        return SUCCESS;
      },
    });
    await register(app, dokuNotification, {
      path: NOTIFY,
      clients: CLIENTS,
      onEvent: log.onEvent,
      onPayment: (n) => void paid.push(n.order.invoice_number),
    });
    await app.listen(0, "127.0.0.1");
    url = await app.getUrl();
  });
  afterAll(() => app.close());

  it("answers a signed inquiry over the bytes as sent, signed; ctx.req is Nest's Fastify request", async () => {
    const { response, text, valid } = await post(url, INQUIRY, inquiryBytes);
    expect(response.status).toBe(200);
    expect(valid).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ online_to_offline_inquiry: { status: "success" } });
    expect(log.last()).toMatchObject({ reason: "resolved", statusCode: 200 });
    // Run by Nest's own Fastify: the request of a route in the plugin's context of Nest's instance.
    expect(seen.at(-1)?.req.routeOptions.url).toBe(INQUIRY);
    expect(seen.at(-1)?.req.server.version).toBe(app.getHttpAdapter().getInstance().version);
  });

  it("refuses a bad signature with 401, unsigned", async () => {
    const { response, text } = await post(url, INQUIRY, inquiryBytes, "another-secret-key-0123456789");
    expect(response.status).toBe(401);
    expect(response.headers.get("signature")).toBeNull();
    expect(JSON.parse(text)).toEqual({ online_to_offline_inquiry: { status: "invalid_signature" } });
    expect(log.last()).toMatchObject({ reason: "bad_signature", statusCode: 401 });
  });

  it("handles a notification once and answers its duplicate 200", async () => {
    const invoice = `INV-NEST-FY-${String(rawBody)}`;
    const body = buildNotificationBody({ invoiceNumber: invoice });
    expect((await post(url, NOTIFY, body, SECRET, "nest-fy-once")).response.status).toBe(200);
    expect((await post(url, NOTIFY, body, SECRET, "nest-fy-once")).response.status).toBe(200);
    expect(log.last()).toMatchObject({ router: "notification", reason: "duplicate", replayed: true });
    expect(paid).toEqual([invoice]);
  });

  it("leaves the app's controller, under the global prefix, Nest's parsed JSON", async () => {
    expect(await echo(url)).toEqual({ status: 201, body: { received: { b: 2, a: 1 } } });
  });
});
