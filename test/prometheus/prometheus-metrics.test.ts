import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { Gauge, register as globalRegistry, Registry } from "prom-client";

import {
  createDokuClient,
  createInquiryRouter,
  createNotificationRouter,
  type DokuStore,
  type PaymentNotification,
} from "../../src";
import { type DokuEmulator, startDokuEmulator } from "../../src/emulator";
import { prometheusMetrics } from "../../src/prometheus";
import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../../src/testing";
import { order } from "../support/client";
import { CLIENT_ID, SECRET } from "../support/doku-api";

const CLIENTS = [{ clientId: CLIENT_ID, secretKeys: [SECRET] }];
const down = async () => {
  throw new Error("ECONNREFUSED");
};
const downStore: DokuStore = { claim: down, complete: down, release: down, renew: down };

/** The value of one series of a scraped registry; 0 when the series does not exist. */
async function valueOf(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  if (metric === undefined) throw new Error(`${name} is not on the registry`);
  const series = metric.values.find(
    (v) =>
      Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want) &&
      Object.keys(v.labels).filter((k) => k !== "le").length === Object.keys(labels).length &&
      (String(metric.type) !== "histogram" || (v as { metricName?: string }).metricName === `${name}_count`),
  );
  return series?.value ?? 0;
}

function listen(app: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  return new Promise((ready) =>
    server.listen(0, "127.0.0.1", () =>
      ready({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe("prometheusMetrics on a real registry, scraped after real requests", () => {
  const registry = new Registry();
  // Created twice on one registry, as two modules of one app would: both count into the same metrics.
  const metrics = prometheusMetrics({ registry });
  const again = prometheusMetrics({ registry });
  const paid: PaymentNotification[] = [];
  const inquiry = createInquiryRouter({
    path: "/doku/inquiry",
    clients: CLIENTS,
    onEvent: metrics.onEvent,
    lookupPaymentCode: async () => ({
      status: "success",
      order: { invoice_number: "INV-INQ", amount: 150_000 },
      customer: { name: "Ani" },
    }),
  });
  const notification = createNotificationRouter({
    path: "/doku/notify",
    clients: CLIENTS,
    onEvent: again.onEvent,
    onPayment: async (n) => {
      paid.push(n);
    },
  });
  const storeDown = createNotificationRouter({
    path: "/doku/notify-down",
    clients: CLIENTS,
    store: downStore,
    onEvent: metrics.onEvent,
    onPayment: async () => {},
  });
  let emulator: DokuEmulator;
  let shop: { server: Server; url: string };
  const requestIds: string[] = [];

  beforeAll(async () => {
    shop = await listen((req, res) =>
      inquiry(req, res, () =>
        notification(req, res, () => storeDown(req, res, () => res.writeHead(404).end("not found"))),
      ),
    );
    emulator = await startDokuEmulator({ clients: CLIENTS, notificationUrl: `${shop.url}/doku/notify` });
  });
  afterAll(async () => {
    await emulator.close();
    shop.server.closeAllConnections();
    await new Promise((done) => shop.server.close(done));
  });

  async function post(path: string, body: object, options: { secretKey?: string; requestId?: string } = {}) {
    const signed = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: options.secretKey ?? SECRET,
      requestTarget: path,
      body,
      ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
    });
    requestIds.push(signed.headers["Request-Id"]);
    const response = await fetch(shop.url + path, { method: "POST", headers: signed.headers, body: signed.body });
    await response.text();
    return response.status;
  }

  it("counts each router's requests, replays, store errors and durations, and each client call", async () => {
    // The inquiry router: answered, the same request again (a replay), a forgery.
    const inquiryBody = buildInquiryBody();
    expect(await post("/doku/inquiry", inquiryBody, { requestId: "inq-replayed" })).toBe(200);
    expect(await post("/doku/inquiry", inquiryBody, { requestId: "inq-replayed" })).toBe(200);
    expect(await post("/doku/inquiry", inquiryBody, { secretKey: "SK-FORGED" })).toBe(401);

    // The client against the emulator: a code made, paid at the till (DOKU notifies the router),
    // its status checked through one 503, an unknown invoice, then the code's notification replayed by hand.
    const events: string[] = [];
    const client = createDokuClient({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      baseUrl: emulator.url,
      retryDelay: { initialMs: 1, maxMs: 5 },
      onEvent: (event) => {
        events.push(event.type);
        metrics.onClientEvent(event);
      },
    });
    const created = await client.createPaymentCode(order("INV-PROM-1"));
    requestIds.push(created.requestId);
    const payment = await emulator.pay({ payment_code: created.paymentCode });
    expect(payment.paid).toBe(true);
    expect(paid.map((n) => n.order.invoice_number)).toEqual(["INV-PROM-1"]);
    emulator.addFault({ route: "status", outcome: "error_status", status: 503, times: 1 });
    expect((await client.getStatus("INV-PROM-1")).status).toBe("SUCCESS");
    await expect(client.getStatus("INV-NOBODY")).rejects.toMatchObject({ type: "not_found" });
    expect(events.filter((type) => type === "result")).toHaveLength(3);

    const notified = buildNotificationBody({ invoiceNumber: "INV-PROM-2", paymentCode: "8896500000000002" });
    expect(await post("/doku/notify", notified)).toBe(200);
    expect(await post("/doku/notify", notified)).toBe(200);
    expect(await post("/doku/notify-down", buildNotificationBody({ invoiceNumber: "INV-PROM-3" }))).toBe(503);
    expect(paid).toHaveLength(2);

    metrics.onReconcilerFound({ outcome: "delivered" });
    again.onReconcilerFound({ outcome: "delivered" });
    metrics.onReconcilerFound({ outcome: "duplicate" });

    const count = (name: string, labels?: Record<string, string>) => valueOf(registry, name, labels);
    expect(await count("doku_requests_total", { router: "inquiry", reason: "resolved", status_code: "200" })).toBe(2);
    expect(await count("doku_requests_total", { router: "inquiry", reason: "bad_signature", status_code: "401" })).toBe(
      1,
    );
    expect(await count("doku_requests_total", { router: "notification", reason: "handled", status_code: "200" })).toBe(
      2,
    );
    expect(
      await count("doku_requests_total", { router: "notification", reason: "duplicate", status_code: "200" }),
    ).toBe(1);
    expect(
      await count("doku_requests_total", { router: "notification", reason: "store_unavailable", status_code: "503" }),
    ).toBe(1);
    expect(await count("doku_request_duration_seconds", { router: "inquiry" })).toBe(3);
    expect(await count("doku_request_duration_seconds", { router: "notification" })).toBe(4);
    expect(await count("doku_replays_total", { router: "inquiry" })).toBe(1);
    expect(await count("doku_replays_total", { router: "notification" })).toBe(1);
    expect(await count("doku_store_errors_total", { router: "notification" })).toBe(1);
    expect(await count("doku_store_errors_total", { router: "inquiry" })).toBe(0);
    expect(await count("doku_client_calls_total", { operation: "createPaymentCode", outcome: "ok" })).toBe(1);
    expect(await count("doku_client_calls_total", { operation: "getStatus", outcome: "ok" })).toBe(1);
    expect(await count("doku_client_calls_total", { operation: "getStatus", outcome: "not_found" })).toBe(1);
    expect(await count("doku_client_retries_total", { operation: "getStatus" })).toBe(1);
    expect(await count("doku_client_retries_total", { operation: "createPaymentCode" })).toBe(0);
    expect(await count("doku_reconciler_found_total", { outcome: "delivered" })).toBe(2);
    expect(await count("doku_reconciler_found_total", { outcome: "duplicate" })).toBe(1);

    const scraped = await registry.metrics();
    for (const name of [
      "doku_requests_total",
      "doku_request_duration_seconds",
      "doku_replays_total",
      "doku_store_errors_total",
      "doku_client_calls_total",
      "doku_client_retries_total",
      "doku_reconciler_found_total",
    ])
      expect(scraped).toContain(`# TYPE ${name} `);
    // OpenTelemetry's advised buckets for an HTTP server's duration.
    expect(scraped).toContain('doku_request_duration_seconds_bucket{le="0.005",router="inquiry"}');
    expect(scraped).toContain('doku_request_duration_seconds_bucket{le="7.5",router="inquiry"} 3');
    // Nothing per payment in a label: no Request-Id, invoice number, payment code or Client-Id.
    for (const value of [...requestIds, "INV-PROM", created.paymentCode, "8896500000000002", CLIENT_ID])
      expect(scraped).not.toContain(value);
  });

  it("leaves prom-client's global registry untouched", () => {
    expect(globalRegistry.getMetricsAsArray().filter((m) => m.name.startsWith("doku_"))).toEqual([]);
  });
});

describe("prometheusMetrics' options", () => {
  it("replaces doku_ with the prefix given", async () => {
    const registry = new Registry();
    prometheusMetrics({ registry, prefix: "shop_doku_" }).onReconcilerFound({ outcome: "delivered" });
    expect(await valueOf(registry, "shop_doku_reconciler_found_total", { outcome: "delivered" })).toBe(1);
    expect(registry.getSingleMetric("doku_reconciler_found_total")).toBeUndefined();
  });

  it("refuses a registry that is not one, a prefix that cannot start a metric name, and a name taken by another metric", () => {
    expect(() => prometheusMetrics({} as never)).toThrow(/option `registry` must be a prom-client Registry/);
    expect(() => prometheusMetrics({ registry: globalRegistry.getMetricsAsArray() as never })).toThrow(TypeError);
    expect(() => prometheusMetrics({ registry: new Registry(), prefix: "9-doku" })).toThrow(/option `prefix`/);
    const taken = new Registry();
    new Gauge({ name: "doku_replays_total", help: "someone else's", registers: [taken] });
    expect(() => prometheusMetrics({ registry: taken })).toThrow(
      /already has a metric named doku_replays_total that is not a counter.*another `prefix`/,
    );
  });
});
