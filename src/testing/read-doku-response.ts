import { verifyAnswer } from "../signature";
import type { ResponseCheck, VerifyDokuResponseInput } from "./verify-doku-response";

type Credentials = Pick<VerifyDokuResponseInput, "clientId" | "secretKey" | "checkContentType">;

export type ReadDokuResponseInput = Credentials &
  (
    | {
        /** The Request the handler was called with: its URL's path is the Request-Target, its Request-Id must come back. */
        request: Request;
        requestTarget?: string;
        requestId?: string;
      }
    | { request?: undefined; requestTarget: string; requestId?: string }
  );

export interface ReadDokuResponseResult {
  /** The signature check, as verifyDokuResponse returns it. */
  check: ResponseCheck;
  status: number;
  /** The body as received (what the signature covers). */
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  body: unknown;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Reads a fetch `Response` once (its body cannot be read twice) and checks it as DOKU would:
 * the signature check beside the status, the text and the parsed body, for the test to assert on.
 * A notification's answer is not signed (DOKU reads its HTTP code only): assert on its `status`.
 */
export async function readDokuResponse(
  response: Response,
  input: ReadDokuResponseInput,
): Promise<ReadDokuResponseResult> {
  if (response.bodyUsed) {
    throw new TypeError("readDokuResponse: the Response's body was already read; pass the Response untouched");
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const { request } = input;
  const check = verifyAnswer({
    headers: response.headers,
    body: bytes,
    clientId: input.clientId,
    secretKey: input.secretKey,
    requestTarget: input.requestTarget ?? new URL((request as Request).url).pathname,
    requestId: input.requestId ?? request?.headers.get("Request-Id") ?? undefined,
    method: request?.method,
    checkContentType: input.checkContentType,
  });
  const text = bytes.toString("utf8");
  return { check, status: response.status, text, body: parsed(text) };
}
