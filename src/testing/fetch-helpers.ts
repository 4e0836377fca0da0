import { buildInquiryBody, buildNotificationBody, type NotificationBodyInput } from "../protocol";
import type { SecretKey } from "../signature";
import { signDokuRequest } from "./sign-doku-request";

interface DokuRequestCall {
  clientId: string;
  secretKey: SecretKey;
  /** The path signed, when the handler is given a `requestTarget` of its own. Default: the URL's path. */
  requestTarget?: string;
  requestId?: string;
  timestamp?: Date | number | string;
  /** A body of your own instead of the built one (object or exact bytes). */
  body?: object | string | Buffer;
}

export interface DokuInquiryRequestInput extends DokuRequestCall {
  paymentCode: string;
}

export type DokuNotificationRequestInput = DokuRequestCall & NotificationBodyInput;

// A route handler is called with no server in front of it: a path alone gets a host, as a framework would give it.
const LOCAL = "http://localhost";

function signedRequest(url: string | URL, call: DokuRequestCall, body: object | string | Buffer): Request {
  const target = new URL(url, LOCAL);
  const signed = signDokuRequest({ ...call, requestTarget: call.requestTarget ?? target.pathname, body });
  return new Request(target, { method: "POST", headers: signed.headers, body: new Uint8Array(signed.bytes) });
}

/**
 * A signed Direct Inquiry as a fetch `Request`, for a route handler to be called with:
 * `await POST(dokuInquiryRequest("http://localhost/doku/inquiry", {...}))`. The body is the exact bytes signed.
 */
export function dokuInquiryRequest(url: string | URL, call: DokuInquiryRequestInput): Request {
  return signedRequest(url, call, call.body ?? buildInquiryBody({ paymentCode: call.paymentCode }));
}

/** A signed payment notification as a fetch `Request`. */
export function dokuNotificationRequest(url: string | URL, call: DokuNotificationRequestInput): Request {
  return signedRequest(url, call, call.body ?? buildNotificationBody(call));
}
