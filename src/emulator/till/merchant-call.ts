import { performance } from "node:perf_hooks";

import { readNetworkFailure } from "../../client/network-failure";
import type { Result } from "../../protocol";
import { type SecretKey, signRequest } from "../../signature";

export interface MerchantCallInput {
  url: URL;
  clientId: string;
  secretKey: SecretKey;
  /** The exact bytes to sign and send. */
  body: Buffer;
  /** Default: a fresh UUID. A notification sent again keeps its first one. */
  requestId?: string;
  /** The Request-Timestamp's time. Default: now. */
  nowMs?: number;
  timeoutMs: number;
}

export interface MerchantCallSent {
  requestId: string;
  requestTimestamp: string;
  /** The path signed: the URL's path, as DOKU signs it. */
  requestTarget: string;
  durationMs: number;
}

export type MerchantCallResult = MerchantCallSent &
  Result<{ status: number; headers: Headers; body: Buffer }, "timeout" | "unreachable">;

/**
 * A POST signed as DOKU signs it (signRequest) to the merchant's URL. Never throws: no answer
 * is a result with the reason, for the caller to show.
 */
export async function callMerchant(input: MerchantCallInput): Promise<MerchantCallResult> {
  const requestTarget = input.url.pathname;
  const signed = signRequest({
    clientId: input.clientId,
    secretKey: input.secretKey,
    requestTarget,
    body: input.body,
    requestId: input.requestId,
    timestamp: input.nowMs ?? Date.now(),
  });
  const started = performance.now();
  const sent = {
    requestId: signed.headers["Request-Id"],
    requestTimestamp: signed.headers["Request-Timestamp"],
    requestTarget,
  };
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(input.url, {
      method: "POST",
      headers: signed.headers,
      body: signed.bytes,
      signal: AbortSignal.timeout(input.timeoutMs),
    });
    const body = Buffer.from(await response.arrayBuffer());
    return { ...sent, ok: true, status: response.status, headers: response.headers, body, durationMs: elapsed() };
  } catch (error) {
    if ((error as Error).name === "TimeoutError") {
      return {
        ...sent,
        ok: false,
        reason: "timeout",
        detail: `no answer within ${input.timeoutMs} ms`,
        durationMs: elapsed(),
      };
    }
    return {
      ...sent,
      ok: false,
      reason: "unreachable",
      detail: readNetworkFailure(error).code,
      durationMs: elapsed(),
    };
  }
}
