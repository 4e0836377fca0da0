import type { KeyObject } from "node:crypto";

import { checkClientId } from "../options/client-id-option";
import { optionalFunction } from "../options/function-option";
import { wholeNumber } from "../options/number-options";
import { checkOptionsObject, optionError } from "../options/option-error";
import { checkSecretKey } from "../options/secret-key-option";
import { type SecretKey, toKeyObject } from "../signature/secret-key";
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

function baseUrlOf(options: DokuClientOptions): string {
  if (options.environment !== undefined && options.baseUrl !== undefined)
    throw optionError("environment", "and `baseUrl`: give one, not both");
  if (options.environment !== undefined) {
    if (options.environment !== "sandbox" && options.environment !== "production")
      throw optionError("environment", `must be "sandbox" or "production"; got ${JSON.stringify(options.environment)}`);
    return DOKU_BASE_URLS[options.environment];
  }
  if (options.baseUrl === undefined)
    throw optionError(
      "environment",
      'is required: "sandbox" or "production" (or give baseUrl, e.g. the local emulator\'s url)',
    );
  let url: URL | undefined;
  try {
    url = new URL(options.baseUrl);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    (url.protocol !== "https:" && url.protocol !== "http:") ||
    url.search !== "" ||
    url.hash !== ""
  ) {
    throw optionError(
      "baseUrl",
      `must be an http(s) URL without query, e.g. http://127.0.0.1:4010; got ${JSON.stringify(options.baseUrl)}`,
    );
  }
  // Every DokuError names the URL it called: a password in it would end up in the merchant's logs.
  if (url.username !== "" || url.password !== "")
    throw optionError("baseUrl", "must not hold a user name or password (fetch refuses them too)");
  return url.href.replace(/\/+$/, "");
}

/** Every option checked once, at creation; a `TypeError` names the option, never the secret. */
export function resolveClientOptions(options: DokuClientOptions): ClientSettings {
  checkOptionsObject(options, "clientId, secretKey and environment");
  const clientId = checkClientId("clientId", options.clientId);
  const secretKey = checkSecretKey("secretKey", options.secretKey);
  const verify = options.verifyResponses ?? "warn";
  if (verify !== "off" && verify !== "warn" && verify !== "enforce")
    throw optionError("verifyResponses", `must be "off", "warn" or "enforce"; got ${JSON.stringify(verify)}`);
  const onEvent = optionalFunction<(event: ClientEvent) => void>("onEvent", options.onEvent);
  const fetchFn = optionalFunction<typeof fetch>("fetch", options.fetch);
  const now = optionalFunction<() => number>("now", options.now);
  const initialDelayMs = wholeNumber("retryDelay.initialMs", options.retryDelay?.initialMs, 500, 0, 60_000);
  return {
    clientId,
    key: toKeyObject(secretKey),
    baseUrl: baseUrlOf(options),
    timeoutMs: wholeNumber("timeoutMs", options.timeoutMs, 30_000, 1, 600_000),
    maxRetries: wholeNumber("maxRetries", options.maxRetries, 2, 0, 10),
    initialDelayMs,
    maxDelayMs: wholeNumber(
      "retryDelay.maxMs",
      options.retryDelay?.maxMs,
      Math.max(5_000, initialDelayMs),
      initialDelayMs,
      600_000,
    ),
    verifyResponses: verify,
    emitInfo1: options.emitInfo1 === true,
    onEvent,
    eventBodies: options.eventBodies === true,
    fetch: fetchFn ?? fetch,
    now: now ?? Date.now,
  };
}
