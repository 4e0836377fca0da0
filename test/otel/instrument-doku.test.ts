import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { AggregationTemporality, type DataPoint, MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

import { createDokuClient } from "../../src";
import { startDokuEmulator } from "../../src/emulator";
import { createInquiryHandler, createNotificationHandler } from "../../src/fetch";
import { instrumentDoku } from "../../src/otel";
import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../../src/testing";
import { CLIENT_ID, CLIENTS, SECRET } from "../support/vectors";

// A real OpenTelemetry SDK: the in-memory span exporter and a metric reader collected on demand.
class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const reader = new CollectingReader({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
const meterProvider = new MeterProvider({ readers: [reader] });
const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
afterAll(() => {
  context.disable();
});

const inquiry = createInquiryHandler({
  clients: CLIENTS,
  onEvent: false,
  lookupPaymentCode: (code) => {
    if (code === "8896500000000009") throw new Error("orders unreachable");
    return { status: "success", order: { invoice_number: "INV-O", amount: 10_000 }, customer: { name: "Ani" } };
  },
});
const notification = createNotificationHandler({ clients: CLIENTS, onEvent: false, onPayment: () => undefined });

function request(path: string, body: object, secretKey = SECRET) {
  const s = signDokuRequest({ clientId: CLIENT_ID, secretKey, requestTarget: path, body });
  return new Request(`http://shop.test${path}`, { method: "POST", headers: s.headers, body: s.body });
}

/** As an HTTP server instrumentation does: the request handled inside its server span. */
async function underServerSpan(name: string, handle: () => Promise<Response>) {
  const server = tracerProvider.getTracer("test-http").startSpan(name, { kind: SpanKind.SERVER });
  const response = await context.with(trace.setSpan(context.active(), server), handle);
  server.end();
  return response;
}

async function points(name: string): Promise<DataPoint<number>[]> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []) as DataPoint<number>[];
}

describe("with an SDK", () => {
  const instrumentation = instrumentDoku({ tracerProvider, meterProvider });
  afterAll(() => instrumentation.stop());
  beforeEach(() => exporter.reset());

  it("an inquiry: doku.* on the server span, a child span around lookupPaymentCode, the meters", async () => {
    await underServerSpan("POST /doku/inquiry", () => inquiry(request("/doku/inquiry", buildInquiryBody())));
    const spans = exporter.getFinishedSpans();
    const server = spans.find((s) => s.name === "POST /doku/inquiry");
    const lookup = spans.find((s) => s.name === "doku lookupPaymentCode");
    expect(server?.attributes).toMatchObject({
      "doku.router": "inquiry",
      "doku.reason": "resolved",
      "doku.replayed": false,
      "doku.client_id": CLIENT_ID,
    });
    expect(lookup?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(lookup?.attributes).toMatchObject({ "doku.payment_code": "8896512345678123" });
    const requests = await points("doku.requests");
    expect(requests.find((p) => p.attributes.reason === "resolved")?.value).toBeGreaterThanOrEqual(1);
    expect((await points("doku.request.duration")).length).toBeGreaterThan(0);
  });

  it("a forged notification is an attribute, not a span error; onPayment never traced", async () => {
    await underServerSpan("POST /doku/notify", () =>
      notification(request("/doku/notify", buildNotificationBody(), "another-key")),
    );
    const spans = exporter.getFinishedSpans();
    const server = spans.find((s) => s.name === "POST /doku/notify");
    expect(server?.attributes).toMatchObject({ "doku.reason": "bad_signature" });
    expect(server?.status.code).toBe(SpanStatusCode.UNSET);
    expect(spans.some((s) => s.name === "doku onPayment")).toBe(false);
  });

  it("a resolver that throws: its span records the error", async () => {
    await underServerSpan("POST /doku/inquiry", () =>
      inquiry(request("/doku/inquiry", buildInquiryBody({ paymentCode: "8896500000000009" }))),
    );
    const lookup = exporter.getFinishedSpans().find((s) => s.name === "doku lookupPaymentCode");
    expect(lookup?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: "orders unreachable" });
  });

  it("a call to DOKU: one client span with its outcome and attempts, and doku.client.calls", async () => {
    const emulator = await startDokuEmulator({ clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }], port: 0 });
    try {
      const client = createDokuClient({ clientId: CLIENT_ID, secretKey: SECRET, baseUrl: emulator.url });
      await client.createPaymentCode({
        order: { invoice_number: "INV-OTEL", amount: 10_000 },
        online_to_offline_info: { expired_time: 60, reusable_status: false, info: "Toko" },
        customer: { name: "Ani" },
      });
    } finally {
      await emulator.close();
    }
    const span = exporter.getFinishedSpans().find((s) => s.name === "doku createPaymentCode");
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toMatchObject({ "doku.outcome": "ok", "doku.attempts": 1, "http.request.method": "POST" });
    const calls = await points("doku.client.calls");
    expect(calls.find((p) => p.attributes.operation === "createPaymentCode")?.attributes.outcome).toBe("ok");
  });
});

it("without an SDK: nothing breaks and nothing is recorded", async () => {
  const instrumentation = instrumentDoku();
  try {
    exporter.reset();
    const response = await inquiry(request("/doku/inquiry", buildInquiryBody()));
    expect(response.status).toBe(200);
    expect(exporter.getFinishedSpans()).toEqual([]);
  } finally {
    instrumentation.stop();
  }
});
