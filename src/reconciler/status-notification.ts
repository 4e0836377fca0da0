import { createHash, createSecretKey, type KeyObject, randomBytes } from "node:crypto";

import type { PaymentStatusResult } from "../client/results";
import type { AuthenticatedRequest } from "../pipeline/authenticate-request";
import { ALFA_ENVELOPE, isRecord } from "../protocol";

// The notification path signs nothing for a notification: this key is never used, and no one holds it.
let unusedKey: KeyObject | undefined;

/** The notification DOKU would have sent for the payment a Check Status answer describes. */
export function notificationOf(status: PaymentStatusResult): Record<string, unknown> {
  const info = status.online_to_offline_info;
  const notification: Record<string, unknown> = {
    service: isRecord(status.service) ? status.service : ALFA_ENVELOPE.service,
    acquirer: isRecord(status.acquirer) ? status.acquirer : ALFA_ENVELOPE.acquirer,
    channel: isRecord(status.channel) ? status.channel : ALFA_ENVELOPE.channel,
    // DOKU may send the amount as "120000" in Check Status; the notification's is a number.
    order: { ...status.order, amount: status.amount },
    transaction: status.transaction,
  };
  // The notification carries the code alone; Check Status adds its dates and reusable_status.
  if (isRecord(info) && info.payment_code !== undefined)
    notification.online_to_offline_info = { payment_code: info.payment_code };
  if (status.online_to_offline_payment !== undefined)
    notification.online_to_offline_payment = status.online_to_offline_payment;
  if (isRecord(status.additional_info)) notification.additional_info = status.additional_info;
  return notification;
}

/**
 * The found payment as the notification path takes a request that verified: the notification's
 * bytes, under a Request-Id of the reconciler's that names the invoice, the status and the bytes
 * (the same answer twice is one request; another answer for the same payment is still the same
 * payment, by the content key).
 */
export function reconcilerRequest(clientId: string, status: PaymentStatusResult): AuthenticatedRequest {
  const body = Buffer.from(JSON.stringify(notificationOf(status)), "utf8");
  const sha = createHash("sha256").update(body).digest();
  unusedKey ??= createSecretKey(randomBytes(32));
  return {
    body,
    clientId,
    requestId: `reconciler:${status.order.invoice_number}:${status.status}:${sha.toString("hex").slice(0, 16)}`,
    digest: sha.toString("base64"),
    requestTarget: "(reconciler)",
    key: unusedKey,
  };
}
