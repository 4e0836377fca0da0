import type { Request } from "express";
import { defaultRequestTarget } from "../http/request-target";
import { isLiteralRoutePath } from "../http/route-path";
import { createKeyring, type DokuClient, type Keyring } from "../signature";
import type { DokuStore } from "../stores/store";
import { safeSink, type EventSink } from "./events";

/** Options both routers take. */
export interface ReceiverOptions {
  /** The route answered (POST only), e.g. `/doku/inquiry`. */
  path: string;
  /** The Client-Ids DOKU may use, each with its secret keys. */
  clients: readonly DokuClient[];
  /** Body limit in bytes. Default 64 KiB; past it 413. */
  limit?: number;
  /** How long the body may take to arrive, in ms. Default 10,000; past it 408. */
  bodyTimeoutMs?: number;
  /** The signed path, when a proxy rewrites it. Default: the pathname of `req.originalUrl`. */
  requestTarget?: string | ((req: Request) => string);
  /** Allowed clock difference in seconds, both directions; `false` disables the check. */
  timestampToleranceSec?: number | false;
  /** Replay / idempotency store. Default: an in-memory store for this router. */
  store?: DokuStore;
  /** Receives one structured event per request. */
  onEvent?: EventSink;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

export interface ReceiverConfig {
  path: string;
  keyring: Keyring;
  limit: number;
  bodyTimeoutMs: number;
  requestTarget: (req: Request) => string;
  toleranceSec: number | false;
  store: DokuStore;
  /** `undefined` without an `onEvent` hook: then no event is even built. */
  emit: EventSink | undefined;
  now: () => number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** What a wrong value is, without showing it (it may be a secret). */
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (isObject(value) && typeof (value as { type?: unknown }).type === "string") return `a ${(value as { type: string }).type} KeyObject`;
  return `a ${typeof value}`;
}

function optionError(name: string, problem: string): TypeError {
  return new TypeError(`express-doku: option \`${name}\` ${problem}`);
}

export function positiveNumber(options: object, name: string, fallback: number): number {
  const value = (options as Record<string, unknown>)[name];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw optionError(
      name,
      `must be a positive number, got ${typeof value === "number" || typeof value === "string" ? value : typeof value}`,
    );
  }
  return value;
}

export function functionOption<F>(options: object, name: string): F {
  const value = (options as Record<string, unknown>)[name];
  if (typeof value !== "function") throw optionError(name, "must be a function");
  return value as F;
}

function checkClients(clients: unknown): readonly DokuClient[] {
  if (!Array.isArray(clients) || clients.length === 0) {
    throw optionError("clients", "must list at least one { clientId, secretKeys } entry");
  }
  const seen = new Set<string>();
  clients.forEach((client: unknown, i) => {
    const at = `clients[${i}]`;
    if (!isObject(client)) throw optionError(at, "must be an object { clientId, secretKeys }");
    const { clientId, secretKeys } = client;
    if (typeof clientId !== "string" || clientId.trim() === "") throw optionError(`${at}.clientId`, "must be a non-empty string");
    if (seen.has(clientId)) throw optionError(`${at}.clientId`, `repeats ${clientId}; list each Client-Id once`);
    seen.add(clientId);
    if (typeof secretKeys === "string")
      throw optionError(`${at}.secretKeys`, "is a string; give an array of keys: secretKeys: [process.env.DOKU_SECRET_KEY]");
    if (secretKeys === undefined)
      throw optionError(`${at}.secretKeys`, "is missing; give an array of keys: secretKeys: [process.env.DOKU_SECRET_KEY]");
    if (!Array.isArray(secretKeys))
      throw optionError(
        `${at}.secretKeys`,
        `is ${describeValue(secretKeys)}; give an array of keys: secretKeys: [process.env.DOKU_SECRET_KEY]`,
      );
    if (secretKeys.length === 0) throw optionError(`${at}.secretKeys`, "is an empty array; give at least one secret key");
    secretKeys.forEach((key: unknown, k) => {
      const keyAt = `${at}.secretKeys[${k}]`;
      if (key === undefined) throw optionError(keyAt, "is undefined: is the variable it is read from (DOKU_SECRET_KEY?) set?");
      if (typeof key === "string") {
        if (key === "") throw optionError(keyAt, "is empty: is the variable it is read from (DOKU_SECRET_KEY?) set?");
        if (key.trim() !== key)
          throw optionError(keyAt, "has leading or trailing whitespace; copy the key from the DOKU Back Office again");
      } else if (!isObject(key) || (key as { type?: unknown }).type !== "secret") {
        throw optionError(keyAt, `is ${describeValue(key)}; it must be a string or a secret KeyObject`);
      }
    });
  });
  return clients as DokuClient[];
}

function checkRequestTarget(value: unknown): (req: Request) => string {
  if (value === undefined) return defaultRequestTarget;
  if (typeof value === "string") {
    if (!value.startsWith("/")) throw optionError("requestTarget", "must be a path starting with /");
    return () => value;
  }
  if (typeof value === "function") return value as (req: Request) => string;
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
  const methods = ["claim", "complete", "release"];
  if (!isObject(value) || methods.some((m) => typeof value[m] !== "function")) {
    throw optionError("store", "must implement claim, complete and release (see DokuStore)");
  }
  return value as unknown as DokuStore;
}

export interface ReceiverDefaults {
  toleranceSec: number | false;
  store: () => DokuStore;
}

/** Checks the shared options once, when a router is created; never per request. */
export function resolveReceiverOptions(options: ReceiverOptions, defaults: ReceiverDefaults): ReceiverConfig {
  if (!isObject(options)) throw new TypeError("express-doku: options must be an object");
  if (typeof options.path !== "string" || !isLiteralRoutePath(options.path)) {
    throw optionError("path", "must be a plain path starting with /, without route parameters or patterns, e.g. /doku/inquiry");
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== "function") throw optionError("onEvent", "must be a function");
  if (options.now !== undefined && typeof options.now !== "function") throw optionError("now", "must be a function returning epoch ms");
  return {
    path: options.path,
    keyring: createKeyring(checkClients(options.clients)),
    limit: positiveNumber(options, "limit", 64 * 1024),
    bodyTimeoutMs: positiveNumber(options, "bodyTimeoutMs", 10_000),
    requestTarget: checkRequestTarget(options.requestTarget),
    toleranceSec: checkTolerance(options.timestampToleranceSec, defaults.toleranceSec),
    store: checkStore(options.store, defaults.store),
    emit: safeSink(options.onEvent),
    now: options.now ?? Date.now,
  };
}
