import { readNetworkFailure } from "../../client/network-failure";
import { readWebBody } from "../../http/read-web-body";
import type { Result } from "../../protocol";

const MIB = 1024 * 1024;
/** More than any answer of DOKU's protocol: a merchant's answer past it is cut off, never held whole. */
export const MAX_ANSWER_BYTES = MIB;

export type MerchantFetchFailure = "timeout" | "unreachable" | "too_large";

/** A failure after the answer's headers came (cut off, stopped, too slow) keeps their HTTP `status`: it answered. */
export type MerchantFetchResult = Result<
  { status: number; headers: Headers; body: Buffer },
  MerchantFetchFailure,
  { status?: number | undefined }
>;

/**
 * For an answer whose headers came and whose body then broke off or stalled: what happened, in a
 * line (`undefined` for any other result). DOKU takes such an answer as none.
 */
export function answerCutShort(result: MerchantFetchResult): string | undefined {
  if (result.ok || result.status === undefined || result.reason === "too_large") return undefined;
  const how = result.reason === "timeout" ? "did not end in time" : "broke off before its end";
  return `the answer began (HTTP ${result.status}) but ${how} (${result.detail}): DOKU takes it as no answer`;
}

export interface MerchantFetchLimits {
  /** For the whole exchange: the answer's headers and its body. */
  timeoutMs: number;
  /** Where the answer is cut off. Default: MAX_ANSWER_BYTES (1 MiB). */
  maxAnswerBytes?: number | undefined;
}

/**
 * One request to a merchant as DOKU makes it: a redirect is never followed (the 3xx is the
 * answer), the time is limited, and the answer is cut off past its cap. Never throws: no answer
 * is a result with the reason (for `unreachable`, the network's code as the detail).
 */
export async function fetchFromMerchant(
  url: URL,
  init: { method: string; headers?: Record<string, string>; body?: Buffer | undefined },
  limits: MerchantFetchLimits,
): Promise<MerchantFetchResult> {
  const max = limits.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const timedOut = { ok: false, reason: "timeout", detail: `no answer within ${limits.timeoutMs} ms` } as const;
  try {
    // Node's timers take whole milliseconds (`--timeout 1.0005` is 1000.5); a limit no timer takes is caught below.
    const signal = AbortSignal.timeout(Math.ceil(limits.timeoutMs));
    const response = await fetch(url, { ...init, redirect: "manual", signal });
    const length = response.headers.get("Content-Length") ?? undefined;
    const read = await readWebBody(response.body, length, max, limits.timeoutMs);
    const { status } = response;
    if (read.ok) return { ok: true, status, headers: response.headers, body: read.body };
    if (signal.aborted || read.reason === "body_read_timeout") return { ...timedOut, status };
    if (read.reason === "body_too_large")
      return { ok: false, reason: "too_large", detail: `answer over ${max / MIB} MiB`, status };
    return { ok: false, reason: "unreachable", detail: read.detail, status };
  } catch (error) {
    if ((error as Error).name === "TimeoutError") return timedOut;
    return { ok: false, reason: "unreachable", detail: readNetworkFailure(error).code };
  }
}
