import type { KeyObject } from "node:crypto";
import { toKeyObject, type SecretKey } from "../signature/secret-key";
import type { ClientEvent } from "./client-events";

export type VerifyResponses = "off" | "warn" | "enforce";

export interface DokuClientOptions {
  /** The Client-Id from DOKU's Back Office. */
  clientId: string;
  /** Its secret key (a string, or a secret KeyObject). */
  secretKey: SecretKey;
  /** Which DOKU: give this or `baseUrl`. */
  environment?: "sandbox" | "production";
  /** Another DOKU, e.g. the local emulator's `url`. */
  baseUrl?: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  /** Attempts after the first, for failures worth retrying. Default 2. */
  maxRetries?: number;
  /** The first backoff and its ceiling (doubling, with jitter). Default 500 ms and 5 s. */
  retryDelay?: { initialMs?: number; maxMs?: number };
  /** Checking DOKU's answer signature: `warn` (default) emits an event, `enforce` refuses the answer. */
  verifyResponses?: VerifyResponses;
  /** Also send `info1` (the name DOKU's plugins use) with `info`'s text. */
  emitInfo1?: boolean;
  onEvent?: (event: ClientEvent) => void;
  /** Put request and answer bodies in events (they carry customer names and emails). Default false. */
  eventBodies?: boolean;
  /** Default: Node's fetch. */
  fetch?: typeof fetch;
  /** The clock that signs Request-Timestamp, epoch ms. Default Date.now. */
  now?: () => number;
}

export interface ClientSettings {
  clientId: string;
  key: KeyObject;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  verifyResponses: VerifyResponses;
  emitInfo1: boolean;
  onEvent: ((event: ClientEvent) => void) | undefined;
  eventBodies: boolean;
  fetch: typeof fetch;
  now: () => number;
}

export const DOKU_BASE_URLS = { sandbox: "https://api-sandbox.doku.com", production: "https://api.doku.com" } as const;

function fail(option: string, what: string): never {
  throw new TypeError(`createDokuClient: ${option} ${what}`);
}

function whole(option: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    fail(option, `must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`);
  return value;
}

function baseUrlOf(options: DokuClientOptions): string {
  if (options.environment !== undefined && options.baseUrl !== undefined) fail("environment", "and baseUrl: give one, not both");
  if (options.environment !== undefined) {
    if (options.environment !== "sandbox" && options.environment !== "production")
      fail("environment", `must be "sandbox" or "production"; got ${JSON.stringify(options.environment)}`);
    return DOKU_BASE_URLS[options.environment];
  }
  if (options.baseUrl === undefined)
    fail("environment", 'is required: "sandbox" or "production" (or give baseUrl, e.g. the local emulator\'s url)');
  let url: URL | undefined;
  try {
    url = new URL(options.baseUrl);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:") || url.search !== "" || url.hash !== "") {
    fail("baseUrl", `must be an http(s) URL without query, e.g. http://127.0.0.1:4010; got ${JSON.stringify(options.baseUrl)}`);
  }
  return url.href.replace(/\/+$/, "");
}

/** Every option checked once, at creation; a `TypeError` names the option, never the secret. */
export function resolveClientOptions(options: DokuClientOptions): ClientSettings {
  if (typeof options !== "object" || options === null) fail("options", "must be an object with clientId, secretKey and environment");
  if (typeof options.clientId !== "string" || options.clientId.trim() === "")
    fail(
      "clientId",
      `must be the Client-Id from DOKU's Back Office; got ${options.clientId === undefined ? "undefined (is the variable set?)" : JSON.stringify(options.clientId)}`,
    );
  const secret = options.secretKey as unknown;
  const isKeyObject = typeof secret === "object" && secret !== null && (secret as KeyObject).type === "secret";
  if (!(typeof secret === "string" && secret !== "") && !isKeyObject) {
    fail(
      "secretKey",
      `must be a non-empty string or a secret KeyObject; got ${secret === undefined ? "undefined (is the variable set?)" : typeof secret}`,
    );
  }
  if (typeof secret === "string" && secret.trim() !== secret)
    fail("secretKey", "has whitespace at its start or end (copied with a newline?)");
  const verify = options.verifyResponses ?? "warn";
  if (verify !== "off" && verify !== "warn" && verify !== "enforce")
    fail("verifyResponses", `must be "off", "warn" or "enforce"; got ${JSON.stringify(verify)}`);
  for (const name of ["onEvent", "fetch", "now"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") fail(name, "must be a function");
  }
  const initialDelayMs = whole("retryDelay.initialMs", options.retryDelay?.initialMs, 500, 0, 60_000);
  return {
    clientId: options.clientId,
    key: toKeyObject(options.secretKey),
    baseUrl: baseUrlOf(options),
    timeoutMs: whole("timeoutMs", options.timeoutMs, 30_000, 1, 600_000),
    maxRetries: whole("maxRetries", options.maxRetries, 2, 0, 10),
    initialDelayMs,
    maxDelayMs: whole("retryDelay.maxMs", options.retryDelay?.maxMs, Math.max(5_000, initialDelayMs), initialDelayMs, 600_000),
    verifyResponses: verify,
    emitInfo1: options.emitInfo1 === true,
    onEvent: options.onEvent,
    eventBodies: options.eventBodies === true,
    fetch: options.fetch ?? fetch,
    now: options.now ?? Date.now,
  };
}
