import { tracingChannel } from "node:diagnostics_channel";

import {
  type Attributes,
  context,
  type Meter,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
  type TracerProvider,
} from "@opentelemetry/api";

import type { ClientTrace } from "../client/client-trace";
import type { MerchantCallTrace, RequestTrace } from "../pipeline/traces";

export interface InstrumentDokuOptions {
  /** Default: the global one (`trace.getTracerProvider()`), a no-op until an SDK registers. */
  tracerProvider?: TracerProvider;
  /** Default: the global one (`metrics.getMeterProvider()`), a no-op until an SDK registers. */
  meterProvider?: MeterProvider;
}

export interface DokuInstrumentation {
  /** Unsubscribes from the channels: nothing more is recorded. */
  stop(): void;
}

// OpenTelemetry's advised buckets for http.server.request.duration, in seconds.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

type Handlers<T> = {
  start?(message: T): void;
  end?(message: T): void;
  asyncStart?(message: T): void;
  asyncEnd?(message: T): void;
  error?(message: T & { error: unknown }): void;
};

function subscribeTo<T extends object>(name: string, handlers: Handlers<T>): () => void {
  const channel = tracingChannel<T, T>(name);
  const all = { start() {}, end() {}, asyncStart() {}, asyncEnd() {}, error() {}, ...handlers } as Parameters<
    typeof channel.subscribe
  >[0];
  channel.subscribe(all);
  return () => channel.unsubscribe(all);
}

function failed(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** A child span for each call of the merchant's function on `name`, ended when the call settles. */
function merchantCallSpans(tracer: Tracer, name: string, spanName: string): () => void {
  const spans = new WeakMap<object, Span>();
  return subscribeTo<MerchantCallTrace>(name, {
    start(call) {
      const attributes: Attributes = {
        "doku.router": call.router,
        "doku.client_id": call.clientId,
        "doku.request_id": call.requestId,
      };
      if (call.paymentCode !== undefined) attributes["doku.payment_code"] = call.paymentCode;
      if (call.idempotencyKey !== undefined) attributes["doku.idempotency_key"] = call.idempotencyKey;
      spans.set(call, tracer.startSpan(spanName, { attributes }, context.active()));
    },
    error(call) {
      const span = spans.get(call);
      if (span !== undefined) failed(span, call.error);
    },
    asyncEnd(call) {
      spans.get(call)?.end();
      spans.delete(call);
    },
  });
}

/** The routers' meters, one set for both. */
function requestMeters(meter: Meter) {
  const requests = meter.createCounter("doku.requests", { description: "DOKU requests, by reason and status code" });
  const replays = meter.createCounter("doku.replays", { description: "DOKU requests answered with a stored answer" });
  const storeErrors = meter.createCounter("doku.store_errors", {
    description: "DOKU requests answered 503: the store or inbox did not answer",
  });
  const duration = meter.createHistogram("doku.request.duration", {
    unit: "s",
    description: "From a DOKU request's arrival to its answer written",
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  return { requests, replays, storeErrors, duration };
}

/** The request's outcome on the server span that was active when it arrived, and the meters. */
function requestAttributes(name: string, meters: ReturnType<typeof requestMeters>): () => void {
  const servers = new WeakMap<object, Span>();
  const { requests, replays, storeErrors, duration } = meters;
  return subscribeTo<RequestTrace>(name, {
    start(request) {
      const server = trace.getActiveSpan();
      if (server !== undefined) servers.set(request, server);
    },
    asyncEnd(request) {
      const event = request.event;
      const server = servers.get(request);
      servers.delete(request);
      if (event === undefined) return;
      // A refused forgery is an attribute of the server span, not its error: only a 5xx is (HTTP conventions).
      server?.setAttributes({
        "doku.router": event.router,
        "doku.reason": event.reason,
        "doku.replayed": event.replayed,
        ...(event.clientId === undefined ? {} : { "doku.client_id": event.clientId }),
        ...(event.requestId === undefined ? {} : { "doku.request_id": event.requestId }),
      });
      const labels = { router: event.router };
      requests.add(1, { ...labels, reason: event.reason, status_code: event.statusCode });
      duration.record(event.durationMs / 1000, labels);
      if (event.replayed) replays.add(1, labels);
      if (event.reason === "store_unavailable") storeErrors.add(1, labels);
    },
  });
}

/** A client span for each call to DOKU, all its attempts, and the client's meters. */
function clientSpans(tracer: Tracer, meter: Meter): () => void {
  const spans = new WeakMap<object, Span>();
  const calls = meter.createCounter("doku.client.calls", { description: "Calls to DOKU, by operation and outcome" });
  const retries = meter.createCounter("doku.client.retries", { description: "Attempts after a call's first" });
  return subscribeTo<ClientTrace>("express-doku:client", {
    start(call) {
      const attributes: Attributes = {
        "doku.operation": call.operation,
        "http.request.method": call.method,
        "url.path": call.path,
        "doku.request_id": call.requestId,
      };
      spans.set(
        call,
        tracer.startSpan(`doku ${call.operation}`, { kind: SpanKind.CLIENT, attributes }, context.active()),
      );
    },
    error(call) {
      const span = spans.get(call);
      if (span !== undefined) failed(span, call.error);
    },
    asyncEnd(call) {
      const span = spans.get(call);
      spans.delete(call);
      const outcome = call.outcome ?? "ok";
      span?.setAttributes({ "doku.outcome": outcome, "doku.attempts": call.attempts ?? 0 });
      span?.end();
      calls.add(1, { operation: call.operation, outcome });
      if ((call.attempts ?? 1) > 1) retries.add((call.attempts ?? 1) - 1, { operation: call.operation });
    },
  });
}

/**
 * OpenTelemetry for the routers and the client, on `@opentelemetry/api` alone: call it once at
 * start-up. It subscribes to the package's TracingChannels: `doku.*` attributes on the server
 * span active when DOKU's request arrived, a child span around `lookupPaymentCode`, `onPayment`
 * and each call to DOKU, and the meters. Without an SDK the API is a no-op: nothing is recorded.
 */
export function instrumentDoku(options: InstrumentDokuOptions = {}): DokuInstrumentation {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer("express-doku");
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter("express-doku");
  const meters = requestMeters(meter);
  const stops = [
    requestAttributes("express-doku:inquiry", meters),
    requestAttributes("express-doku:notification", meters),
    merchantCallSpans(tracer, "express-doku:lookup-payment-code", "doku lookupPaymentCode"),
    merchantCallSpans(tracer, "express-doku:on-payment", "doku onPayment"),
    clientSpans(tracer, meter),
  ];
  return { stop: () => stops.forEach((stop) => stop()) };
}
