"use strict";
// Every observability sink the package offers, attached as a merchant would in production, for the
// "inquiry (observed)" case: what observability costs per request against the same router without it.
//
// - express-doku/prometheus on a Registry of its own, as the router's onEvent;
// - express-doku/otel on a real SDK: a BasicTracerProvider whose BatchSpanProcessor hands its spans
//   to an exporter that drops them (the SDK's own work, no network), a MeterProvider whose periodic
//   reader collects every 10 s into an exporter that drops them;
// - one more TracingChannel subscriber on each of the package's channels, as an APM would attach.
// No HTTP instrumentation makes a server span: the child spans are roots, and the figure is the
// package's sinks alone, not an HTTP server span's.
const { tracingChannel } = require("node:diagnostics_channel");
const { BasicTracerProvider, BatchSpanProcessor } = require("@opentelemetry/sdk-trace-base");
const { MeterProvider, PeriodicExportingMetricReader } = require("@opentelemetry/sdk-metrics");
const { Registry } = require("prom-client");

const SUCCESS = { code: 0 }; // ExportResultCode.SUCCESS

// Exporters that drop what they are given (counting it, for the /observed check): the SDK batches
// and collects as it would before a network export.
const exported = { spans: 0, metricExports: 0 };
const dropSpans = {
  export: (spans, done) => {
    exported.spans += spans.length;
    done(SUCCESS);
  },
  shutdown: async () => {},
  forceFlush: async () => {},
};
const dropMetrics = {
  export: (_metrics, done) => {
    exported.metricExports++;
    done(SUCCESS);
  },
  shutdown: async () => {},
  forceFlush: async () => {},
};

const CHANNELS = [
  "express-doku:inquiry",
  "express-doku:notification",
  "express-doku:lookup-payment-code",
  "express-doku:on-payment",
  "express-doku:client",
];

/** An APM's subscriber: it sees each start, end and error (and counts them, so its work is not optimised away). */
function subscribeEverywhere() {
  const seen = { start: 0, end: 0, asyncEnd: 0, error: 0 };
  const handlers = {
    start: () => seen.start++,
    end: () => seen.end++,
    asyncStart: () => {},
    asyncEnd: () => seen.asyncEnd++,
    error: () => seen.error++,
  };
  for (const name of CHANNELS) tracingChannel(name).subscribe(handlers);
  return seen;
}

const SINKS = ["prometheus", "otel", "channel"];

/**
 * Attaches the sinks (`BENCH_OBSERVE`, a comma-separated subset of SINKS: every one by default, a
 * subset to tell what each costs); returns the router options that carry them (`onEvent`) and what
 * each sink holds, for a look that they saw the requests. `entry(name)` loads one of the package's
 * subpath entries (of BENCH_DIST's build when given).
 */
function observeEverything(entry, sinks = (process.env.BENCH_OBSERVE ?? SINKS.join(",")).split(",")) {
  const unknown = sinks.filter((s) => !SINKS.includes(s));
  if (unknown.length > 0) throw new Error(`BENCH_OBSERVE: unknown sink ${unknown.join(", ")} (${SINKS.join(", ")})`);
  if (sinks.includes("otel")) {
    const { instrumentDoku } = require(entry("otel"));
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropSpans)] });
    const meterProvider = new MeterProvider({
      readers: [
        new PeriodicExportingMetricReader({
          exporter: dropMetrics,
          exportIntervalMillis: 10_000,
          exportTimeoutMillis: 5_000,
        }),
      ],
    });
    instrumentDoku({ tracerProvider, meterProvider });
  }
  const seen = sinks.includes("channel") ? subscribeEverywhere() : undefined;
  const registry = new Registry();
  const options = sinks.includes("prometheus")
    ? { onEvent: require(entry("prometheus")).prometheusMetrics({ registry }).onEvent }
    : {};
  return {
    options,
    /** What each sink saw so far: the Prometheus text, the spans exported, the channel messages. */
    report: async () => ({ sinks, prometheus: await registry.metrics(), exported, seen }),
  };
}

module.exports = { observeEverything };
