import { isLiteralRoutePath } from "../http/route-path";
import { checkClients } from "../options/clients-option";
import { optionalFunction } from "../options/function-option";
import { positiveNumber, timerMs } from "../options/number-options";
import { checkOptionsObject, optionError } from "../options/option-error";
import { type ClientCredentials, createKeyring, type Keyring } from "../signature";
import type { DokuStore } from "../stores/store";
import { printErrorEvent } from "./default-event-sink";
import { type EventSink, safeSink } from "./events";

/** Options both routers take, `Req` being the request of the framework they are mounted in. */
export interface ReceiverOptionsFor<Req> {
  /** The route answered (POST only), e.g. `/doku/inquiry`; a fetch handler may go without. */
  path?: string;
  /** The Client-Ids DOKU may use, each with its secret keys. */
  clients: readonly ClientCredentials[];
  /** Body limit in bytes. Default 64 KiB; past it 413. */
  limit?: number;
  /** How long the body may take to arrive, in ms. Default 10,000; past it 408. */
  bodyTimeoutMs?: number;
  /** The signed path, when a proxy rewrites it. Default: the pathname of `req.originalUrl`. */
  requestTarget?: string | ((req: Req) => string);
  /** Allowed clock difference in seconds, both directions; `false` disables the check. */
  timestampToleranceSec?: number | false;
  /** Replay / idempotency store. Default: an in-memory store for this router. */
  store?: DokuStore;
  /**
   * Receives one structured event per request. Without it, `error` events go to `console.error`,
   * one line each; `false` silences them.
   */
  onEvent?: EventSink | false;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

export interface ReceiverConfig<Req> {
  /** `undefined`: every path is this receiver's (a fetch handler mounted by its framework). */
  path: string | undefined;
  keyring: Keyring;
  limit: number;
  bodyTimeoutMs: number;
  requestTarget: (req: Req) => string;
  toleranceSec: number | false;
  store: DokuStore;
  /** `undefined` with `onEvent: false`: then no event is even built. */
  emit: EventSink | undefined;
  /** Without an `onEvent`: only `error` events are built, for the default sink. */
  errorsOnly: boolean;
  now: () => number;
}

function checkRequestTarget<Req>(value: unknown, fallback: (req: Req) => string): (req: Req) => string {
  if (value === undefined) return fallback;
  if (typeof value === "string") {
    if (!value.startsWith("/")) throw optionError("requestTarget", "must be a path starting with /");
    return () => value;
  }
  if (typeof value === "function") return value as (req: Req) => string;
  throw optionError("requestTarget", "must be a path or a function of the request");
}

function checkTolerance(value: unknown, fallback: number | false): number | false {
  if (value === undefined) return fallback;
  if (value === false) return false;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw optionError("timestampToleranceSec", "must be a number of seconds (0 or more) or false");
  }
  return value;
}

function checkStore(value: unknown, fallback: () => DokuStore): DokuStore {
  if (value === undefined) return fallback();
  const methods: Record<string, unknown> =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  if (["claim", "complete", "release"].some((m) => typeof methods[m] !== "function")) {
    throw optionError("store", "must implement claim, complete and release (see DokuStore)");
  }
  return value as unknown as DokuStore;
}

export interface ReceiverDefaults<Req> {
  toleranceSec: number | false;
  store: () => DokuStore;
  /** The Request-Target when none is given: the path called, as the framework tells it. */
  requestTarget: (req: Req) => string;
  /** A router needs its path; a fetch handler, mounted by its framework, may go without. */
  pathRequired: boolean;
}

/** Checks the shared options once, when a router is created; never per request. */
export function resolveReceiverOptions<Req>(
  options: ReceiverOptionsFor<Req>,
  defaults: ReceiverDefaults<Req>,
): ReceiverConfig<Req> {
  checkOptionsObject(options);
  const pathGiven = options.path !== undefined || defaults.pathRequired;
  if (pathGiven && (typeof options.path !== "string" || !isLiteralRoutePath(options.path))) {
    throw optionError(
      "path",
      "must be a plain path starting with /, without route parameters or patterns, e.g. /doku/inquiry",
    );
  }
  const onEvent =
    options.onEvent === false
      ? false
      : optionalFunction<EventSink>(
          "onEvent",
          options.onEvent,
          "must be a function, or false to silence the error lines printed without one",
        );
  const now = optionalFunction<() => number>("now", options.now, "must be a function returning epoch ms");
  return {
    path: options.path,
    keyring: createKeyring(checkClients(options.clients)),
    limit: positiveNumber("limit", options.limit, 64 * 1024),
    bodyTimeoutMs: timerMs("bodyTimeoutMs", options.bodyTimeoutMs, 10_000),
    requestTarget: checkRequestTarget(options.requestTarget, defaults.requestTarget),
    toleranceSec: checkTolerance(options.timestampToleranceSec, defaults.toleranceSec),
    store: checkStore(options.store, defaults.store),
    emit: onEvent === false ? undefined : safeSink(onEvent ?? printErrorEvent),
    errorsOnly: onEvent === undefined,
    now: now ?? Date.now,
  };
}
