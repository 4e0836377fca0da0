import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { createDokuClient, DokuError } from "../../src";
import { order } from "../support/client";
import { CLIENT_ID, DGPC_PATH, SECRET } from "../support/doku-api";
import { listen, type Running } from "../support/http";
import { inquirySetup } from "../support/routers";

// A client pointed at something that is not DOKU (the shop itself, another app, a web page) is told
// to check baseUrl, not given the advice for DOKU's own errors.

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("resolved");
    },
    (e: unknown) => e as DokuError,
  );

const CHECK_BASE_URL = "check baseUrl: what answers there is not DOKU's API";

const clientAt = (baseUrl: string) =>
  createDokuClient({ clientId: CLIENT_ID, secretKey: SECRET, baseUrl, retryDelay: { initialMs: 1, maxMs: 2 } });

describe("the shop itself (an Express app with the inquiry router)", () => {
  let shop: Running;
  beforeAll(async () => {
    shop = await listen(inquirySetup("/doku/inquiry", () => undefined).app);
  });
  afterAll(() => shop.close());

  it("a create answered with Express's HTML 404: not_doku, naming the full URL", async () => {
    const error = await caught(clientAt(shop.url).createPaymentCode(order("INV-SHOP")));
    expect(error).toBeInstanceOf(DokuError);
    expect(error).toMatchObject({
      type: "not_doku",
      status: 404,
      method: "POST",
      url: `${shop.url}${DGPC_PATH}`,
      attempts: 1,
    });
    expect(error.rawBody).toContain(`Cannot POST ${DGPC_PATH}`);
    expect(error.message).toBe(`POST ${shop.url}${DGPC_PATH}: answered 404 with an HTML page; ${CHECK_BASE_URL}`);
    expect(error.message).not.toContain("check the invoice number");
  });

  it("a status answered with Express's HTML 404: not_doku", async () => {
    const error = await caught(clientAt(shop.url).getStatus("INV-SHOP"));
    expect(error).toMatchObject({ type: "not_doku", status: 404, method: "GET" });
    expect(error.message).toBe(
      `GET ${shop.url}/orders/v1/status/INV-SHOP: answered 404 with an HTML page; ${CHECK_BASE_URL}`,
    );
  });
});

describe("another app's answers", () => {
  let server: Server;
  let url: string;
  let answer: { status: number; type: string; body: string };
  beforeAll(async () => {
    server = createServer((_req, res) =>
      res.writeHead(answer.status, { "Content-Type": answer.type }).end(answer.body),
    );
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it.each([
    [
      "a JSON 404 whose error is a string (Fastify, NestJS)",
      404,
      '{"statusCode":404,"error":"Not Found","message":"Route not found"}',
    ],
    ["a JSON 404 of its own", 404, '{"error":"not_found"}'],
    ["JSON without DOKU's envelope", 400, '{"ok":false}'],
    ["a plain-text 401", 401, "Unauthorized"],
  ])("%s: not_doku on a create and a read", async (_name, status, body) => {
    answer = { status, type: body.startsWith("{") ? "application/json" : "text/plain", body };
    const client = clientAt(url);
    const created = await caught(client.createPaymentCode(order("INV-OTHER")));
    expect(created).toMatchObject({ type: "not_doku", status, rawBody: body, code: undefined, attempts: 1 });
    expect(created.message).toMatch(
      new RegExp(`^POST ${url}${DGPC_PATH}: answered ${status} with .*; ${CHECK_BASE_URL}$`),
    );
    expect(await caught(client.getStatus("INV-OTHER"))).toMatchObject({ type: "not_doku", status });
  });

  it("an HTML 200: a read is not_doku; a create may have happened, and is told to check baseUrl", async () => {
    answer = { status: 200, type: "text/html", body: "<!doctype html><title>Toko Demo</title>" };
    const client = clientAt(url);
    const read = await caught(client.getStatus("INV-PAGE"));
    expect(read).toMatchObject({ type: "not_doku", status: 200, url: `${url}/orders/v1/status/INV-PAGE` });
    expect(read.message).toBe(
      `GET ${url}/orders/v1/status/INV-PAGE: answered 200 with an HTML page; ${CHECK_BASE_URL}`,
    );
    const created = await caught(client.createPaymentCode(order("INV-PAGE")));
    expect(created).toMatchObject({ type: "unknown_outcome", status: 200 });
    expect(created.message).toMatch(
      new RegExp(
        `^POST ${url}${DGPC_PATH}: answered 200 with an HTML page, not DOKU's answer: check baseUrl; it may have happened: retry with the same Request-Id`,
      ),
    );
  });

  it("a JSON 200 without DOKU's fields: a read is not_doku, a create is told to check baseUrl", async () => {
    answer = { status: 200, type: "application/json", body: '{"ok":true}' };
    const client = clientAt(url);
    const read = await caught(client.getStatus("INV-JSON"));
    expect(read).toMatchObject({ type: "not_doku", status: 200 });
    expect(read.message).toBe(
      `GET ${url}/orders/v1/status/INV-JSON: answered 200 without transaction.status and order; ${CHECK_BASE_URL}`,
    );
    const created = await caught(client.createPaymentCode(order("INV-JSON")));
    expect(created).toMatchObject({ type: "unknown_outcome", status: 200, method: "POST", url: `${url}${DGPC_PATH}` });
    expect(created.message).toContain(
      "answered 200 without online_to_offline_info.payment_code, not DOKU's answer: check baseUrl; it may have happened",
    );
  });

  it("DOKU's own 404 for a path it does not serve keeps DOKU's advice", async () => {
    answer = { status: 404, type: "application/json", body: `{"message":"No static resource ${DGPC_PATH.slice(1)}."}` };
    const error = await caught(clientAt(url).createPaymentCode(order("INV-PATH")));
    expect(error).toMatchObject({ type: "not_found", status: 404 });
    expect(error.message).toContain("check the invoice number, the payment code, and the environment");
  });
});
