import { inquiryReceiver } from "../inquiry/inquiry-receiver";
import { notificationReceiver } from "../notification/notification-receiver";
import { createFetchHandler, type DokuFetchHandler, FETCH_DEFAULTS } from "./fetch-handler";
import type { InquiryHandlerOptions, NotificationHandlerOptions } from "./handler-options";
import { requireNodeCrypto } from "./node-crypto";

/**
 * DOKU's Direct Inquiry endpoint as a fetch handler, `(request) => Promise<Response>`: for a
 * Next.js route (`export const POST = createInquiryHandler({...})`), Hono, Bun.serve, Deno.serve.
 */
export function createInquiryHandler(options: InquiryHandlerOptions): DokuFetchHandler {
  requireNodeCrypto();
  return createFetchHandler(inquiryReceiver(options, FETCH_DEFAULTS));
}

/** DOKU's payment notification endpoint as a fetch handler: `onPayment` at most once to completion per payment. */
export function createNotificationHandler<Tx = undefined>(options: NotificationHandlerOptions<Tx>): DokuFetchHandler {
  requireNodeCrypto();
  return createFetchHandler(notificationReceiver(options, FETCH_DEFAULTS));
}
