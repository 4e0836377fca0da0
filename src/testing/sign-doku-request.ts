import { type RequestHeaders, type SecretKey, signRequest } from "../signature";
import { bodyBytes } from "../signature/sign-request";

export interface SignDokuRequestInput {
  clientId: string;
  secretKey: SecretKey;
  /** The path DOKU calls, e.g. `/doku/inquiry` (no query string). */
  requestTarget: string;
  /** The exact body that will be sent; an object is serialised with JSON.stringify first. */
  body: string | Buffer | object;
  /** Default: a random UUID. */
  requestId?: string;
  /** A Date, epoch ms, or the header value itself. Default: now. */
  timestamp?: Date | number | string;
}

export type DokuRequestHeaders = RequestHeaders;

export interface SignedDokuRequest {
  headers: DokuRequestHeaders & { "Content-Type": "application/json" };
  /**
   * The signed body as a string, ready for supertest's `.send()` and for `fetch`: both send a
   * string as its UTF-8 bytes, the bytes that were signed. (A Buffer given to supertest's
   * `.send()` with a JSON content type is sent as `{"type":"Buffer","data":[…]}`.)
   */
  body: string;
  /** The exact bytes that were signed; send these when they are not valid UTF-8 (a test of broken bodies). */
  bytes: Buffer;
}

/** Signs a request as DOKU would (signRequest, shaped for supertest): the four headers, over the exact body bytes. */
export function signDokuRequest(input: SignDokuRequestInput): SignedDokuRequest {
  const bytes = bodyBytes(input.body);
  const { headers } = signRequest({ ...input, body: bytes });
  return { headers: { ...headers, "Content-Type": "application/json" }, body: bytes.toString("utf8"), bytes };
}
