import { performance } from "node:perf_hooks";

import { type SecretKey, signRequest } from "../../signature";
import { fetchFromMerchant, type MerchantFetchLimits, type MerchantFetchResult } from "./merchant-fetch";

export interface MerchantCallInput extends MerchantFetchLimits {
  url: URL;
  clientId: string;
  secretKey: SecretKey;
  /** The exact bytes to sign and send. */
  body: Buffer;
  /** Bytes sent in place of `body`, which stays the bytes signed: a request changed after signing. */
  sentBody?: Buffer | undefined;
  /** Default: a fresh UUID. A notification sent again keeps its first one. */
  requestId?: string | undefined;
  /** The Request-Timestamp's time. Default: now. */
  nowMs?: number | undefined;
}

export interface MerchantCallSent {
  requestId: string;
  requestTimestamp: string;
  /** The path signed: the URL's path, as DOKU signs it. */
  requestTarget: string;
  durationMs: number;
}

export type MerchantCallResult = MerchantCallSent & MerchantFetchResult;

/**
 * A POST signed as DOKU signs it (signRequest) to the merchant's URL, made as DOKU makes it
 * (fetchFromMerchant: no redirect followed, a time limit, the answer capped). Never throws: no
 * answer is a result with the reason, for the caller to show.
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
  const result = await fetchFromMerchant(
    input.url,
    { method: "POST", headers: signed.headers, body: input.sentBody ?? signed.bytes },
    input,
  );
  return {
    requestId: signed.headers["Request-Id"],
    requestTimestamp: signed.headers["Request-Timestamp"],
    requestTarget,
    durationMs: Math.round(performance.now() - started),
    ...result,
  };
}
