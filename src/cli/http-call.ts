import { signDokuRequest } from "../testing/sign-doku-request";
import { pathOf } from "../http/request-target";

export interface CallInput {
  url: string;
  clientId: string;
  secretKey: string;
  body: object;
  timeoutMs: number;
}

export interface CallResult {
  requestId: string;
  requestTarget: string;
  status: number;
  headers: Headers;
  /** The exact bytes received. */
  body: Buffer;
}

/** A person-readable failure: one line, with the fix. */
export class CliError extends Error {}

/** Sends a request signed as DOKU signs it: the signed path is the URL's path. */
export async function signedCall(input: CallInput): Promise<CallResult> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new CliError(`${input.url} is not a URL; give the full address, e.g. http://127.0.0.1:3000/doku/inquiry`);
  }
  const requestTarget = pathOf(url.pathname);
  const signed = signDokuRequest({ clientId: input.clientId, secretKey: input.secretKey, requestTarget, body: input.body });
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: signed.headers,
      body: signed.body,
      signal: AbortSignal.timeout(input.timeoutMs),
    });
  } catch (error) {
    // AbortSignal.timeout is the only signal here: it rejects with a TimeoutError.
    if ((error as Error).name === "TimeoutError") {
      throw new CliError(`${url.href} did not answer within ${input.timeoutMs} ms; is the app stuck, or raise --timeout`);
    }
    // fetch says "fetch failed"; why is in the cause: a socket error code, or a reason such as "bad port".
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? cause?.message ?? "unknown error";
    throw new CliError(`cannot reach ${url.href} (${code}); is the app running and the port right?`);
  }
  const body = Buffer.from(await response.arrayBuffer());
  return { requestId: signed.headers["Request-Id"], requestTarget, status: response.status, headers: response.headers, body };
}

export function parseJsonAnswer(call: CallResult): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(call.body.toString("utf8"));
    if (typeof parsed === "object" && parsed !== null) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  const preview = call.body.toString("utf8").slice(0, 60).replace(/\s+/g, " ");
  throw new CliError(`the answer (HTTP ${call.status}) is not JSON: "${preview}"; is the URL the DOKU route, not a page?`);
}
