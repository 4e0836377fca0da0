import { callMerchant } from "../emulator";
import { jsonKindOf, notJsonObjectProblem } from "../protocol";

export interface CallInput {
  url: string;
  clientId: string;
  secretKey: string;
  body: object;
  timeoutMs: number;
  /** Default: a fresh UUID. */
  requestId?: string | undefined;
}

export interface CallResult {
  requestId: string;
  requestTarget: string;
  status: number;
  headers: Headers;
  /** The exact bytes received. */
  body: Buffer;
}

/** An answer whose headers came (its status) but whose body did not end: DOKU takes it as no answer. */
export interface CutShortCall {
  requestId: string;
  requestTarget: string;
  status: number;
  /** How the body ended: "broke off before its end", or "did not end within … ms (…)". */
  cutShort: string;
}

/** A person-readable failure: one line, with the fix. */
export class CliError extends Error {}

/**
 * Sends a request signed as DOKU signs it (the emulator's sender): the signed path is the URL's path,
 * a redirect is the answer (DOKU follows none), an answer over 1 MiB is cut off. An answer that began
 * and then broke off or stalled is the app's: a CutShortCall, for the caller to list.
 */
export async function signedCall(input: CallInput): Promise<CallResult | CutShortCall> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new CliError(`${input.url} is not a URL; give the full address, e.g. http://127.0.0.1:3000/doku/inquiry`);
  }
  const call = await callMerchant({
    url,
    clientId: input.clientId,
    secretKey: input.secretKey,
    body: Buffer.from(JSON.stringify(input.body)),
    timeoutMs: input.timeoutMs,
    ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
  });
  if (!call.ok && call.reason !== "too_large" && call.status !== undefined) {
    const cutShort =
      call.reason === "timeout"
        ? `did not end within ${input.timeoutMs} ms (is the app stuck, or raise --timeout)`
        : "broke off before its end";
    return { requestId: call.requestId, requestTarget: call.requestTarget, status: call.status, cutShort };
  }
  if (!call.ok && call.reason === "timeout") {
    throw new CliError(`${url.href} did not answer within ${input.timeoutMs} ms; is the app stuck, or raise --timeout`);
  }
  if (!call.ok && call.reason === "too_large") {
    throw new CliError(`${url.href}: ${call.detail}, cut off there; is the URL the DOKU route, not a page?`);
  }
  if (!call.ok) throw new CliError(`cannot reach ${url.href} (${call.detail}); is the app running and the port right?`);
  return {
    requestId: call.requestId,
    requestTarget: call.requestTarget,
    status: call.status,
    headers: call.headers,
    body: call.body,
  };
}

/**
 * A CliError when the answer is not JSON at all: a page, most likely, from a URL that is not the DOKU
 * route. JSON of any kind passes, for the answer's checks to list what is wrong with it.
 */
export function refuseNonJsonAnswer(call: CallResult): void {
  if (jsonKindOf(call.body) === undefined) throw new CliError(notJsonObjectProblem(call.status, call.body));
}
