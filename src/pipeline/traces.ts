import { tracingChannel } from "node:diagnostics_channel";

import type { AuthenticatedRequest } from "./authenticate-request";
import type { DokuEvent } from "./events";

/**
 * What a subscriber of `express-doku:inquiry` or `express-doku:notification` sees of a request:
 * the framework's request at its start, and at its end the request's event (even with
 * `onEvent: false`).
 */
export interface RequestTrace {
  router: "inquiry" | "notification";
  req: unknown;
  event?: DokuEvent;
}

/** What a subscriber of `express-doku:lookup-payment-code` or `express-doku:on-payment` sees of the merchant's call. */
export interface MerchantCallTrace {
  router: "inquiry" | "notification";
  requestId: string;
  clientId: string;
  paymentCode?: string | undefined;
  idempotencyKey?: string | undefined;
}

// Requests and the merchant's calls, as node:diagnostics_channel traces them: an APM subscribes
// with no dependency on this package. Nothing is built while nobody subscribes.
export const INQUIRY_CHANNEL = tracingChannel<RequestTrace, RequestTrace>("express-doku:inquiry");
export const NOTIFICATION_CHANNEL = tracingChannel<RequestTrace, RequestTrace>("express-doku:notification");
export const LOOKUP_CHANNEL = tracingChannel<MerchantCallTrace, MerchantCallTrace>("express-doku:lookup-payment-code");
export const ON_PAYMENT_CHANNEL = tracingChannel<MerchantCallTrace, MerchantCallTrace>("express-doku:on-payment");

/** The merchant's function traced on `channel` while someone subscribes; called as it is otherwise. */
export function traced<T>(
  channel: typeof LOOKUP_CHANNEL,
  call: () => T | Promise<T>,
  trace: () => MerchantCallTrace,
): T | Promise<T> {
  if (!channel.hasSubscribers) return call();
  return channel.tracePromise(async () => call(), trace());
}

/** Who sent the request, for a trace. */
export const who = (auth: AuthenticatedRequest) => ({ requestId: auth.requestId, clientId: auth.clientId });
