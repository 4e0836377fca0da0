import type { Registry } from "prom-client";

import type { ClientEvent } from "../client/client-events";
import type { DokuEvent } from "../pipeline/events";
import { HTTP_SERVER_DURATION_BUCKETS } from "./duration-buckets";
import { counterOn, histogramOn } from "./registered-metric";

export interface PrometheusMetricsOptions {
  /** A prom-client `Registry` of the app's: the metrics are registered there and nowhere else. */
  registry: Registry;
  /** Replaces `doku_` at the start of each metric's name. Default `doku_`. */
  prefix?: string;
}

/** What a reconciler reports of each payment it found; `outcome` is one of a few fixed words. */
export interface ReconcilerFound {
  outcome: string;
}

/** Sinks to hand to the routers, the client and the reconciler; each may be passed on its own. */
export interface PrometheusMetrics {
  /** The routers' `onEvent` (inquiry and notification, Express, node:http, fetch or Fastify). */
  readonly onEvent: (event: DokuEvent) => void;
  /** The client's `onEvent` (`createDokuClient`). */
  readonly onClientEvent: (event: ClientEvent) => void;
  /** The reconciler's `onFound`: counts `doku_reconciler_found_total{outcome}`. */
  readonly onReconcilerFound: (found: ReconcilerFound) => void;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function checkOptions(options: PrometheusMetricsOptions): { registry: Registry; prefix: string } {
  if (typeof options !== "object" || options === null)
    throw new TypeError("express-doku: options must be an object with registry");
  const registry = options.registry as Partial<Registry> | undefined;
  if (
    typeof registry !== "object" ||
    registry === null ||
    typeof registry.getSingleMetric !== "function" ||
    typeof registry.registerMetric !== "function"
  ) {
    throw new TypeError(
      "express-doku: option `registry` must be a prom-client Registry, e.g. new Registry(); " +
        "the metrics are never put on prom-client's global registry",
    );
  }
  const prefix = options.prefix ?? "doku_";
  if (typeof prefix !== "string" || !METRIC_NAME.test(`${prefix}x`))
    throw new TypeError(
      `express-doku: option \`prefix\` must start a Prometheus metric name (letters, digits, _ and :), e.g. "shop_doku_"`,
    );
  return { registry: options.registry, prefix };
}

/**
 * Prometheus metrics for the routers, the client and the reconciler, on the registry given.
 * Labels hold nothing per payment (no Request-Id, invoice or payment code): a few series each.
 * Creating it twice on one registry reuses the metrics already there.
 */
export function prometheusMetrics(options: PrometheusMetricsOptions): PrometheusMetrics {
  const { registry, prefix } = checkOptions(options);
  const requests = counterOn(registry, {
    name: `${prefix}requests_total`,
    help: "Requests DOKU made to the inquiry and notification routers, by the reason and HTTP status answered.",
    labelNames: ["router", "reason", "status_code"],
  });
  const duration = histogramOn(registry, {
    name: `${prefix}request_duration_seconds`,
    help: "From a DOKU request's arrival to its answer written, in seconds.",
    labelNames: ["router"],
    buckets: HTTP_SERVER_DURATION_BUCKETS,
  });
  const replays = counterOn(registry, {
    name: `${prefix}replays_total`,
    help: "DOKU requests answered with a stored answer instead of doing the work again.",
    labelNames: ["router"],
  });
  const storeErrors = counterOn(registry, {
    name: `${prefix}store_errors_total`,
    help: "DOKU requests answered 503 because the store or inbox did not answer (reason store_unavailable).",
    labelNames: ["router"],
  });
  const clientCalls = counterOn(registry, {
    name: `${prefix}client_calls_total`,
    help: "Calls to DOKU's API, by operation and outcome (ok, or the DokuError's type), each counted once at its end.",
    labelNames: ["operation", "outcome"],
  });
  const clientRetries = counterOn(registry, {
    name: `${prefix}client_retries_total`,
    help: "Attempts of calls to DOKU's API made again after a timeout, a failed connection, a 5xx or a 429.",
    labelNames: ["operation"],
  });
  const reconcilerFound = counterOn(registry, {
    name: `${prefix}reconciler_found_total`,
    help: "Payments the reconciler found with Check Status, by what became of each.",
    labelNames: ["outcome"],
  });

  return {
    onEvent: (event) => {
      const router = event.router;
      requests.inc({ router, reason: event.reason, status_code: String(event.statusCode) });
      duration.observe({ router }, event.durationMs / 1000);
      if (event.replayed) replays.inc({ router });
      if (event.reason === "store_unavailable") storeErrors.inc({ router });
    },
    onClientEvent: (event) => {
      if (event.type === "result") clientCalls.inc({ operation: event.operation, outcome: event.outcome ?? "ok" });
      else if (event.type === "retry") clientRetries.inc({ operation: event.operation });
    },
    onReconcilerFound: (found) => {
      reconcilerFound.inc({ outcome: String(found.outcome) });
    },
  };
}
