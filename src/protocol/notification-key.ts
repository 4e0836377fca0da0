import { hash } from "node:crypto";

import type { PaymentNotification } from "./notification";

/** The acquirer's reference for the payment: what tells two payments of a reusable code apart. */
export function paymentReference(n: PaymentNotification): string {
  const agentTrxId = n.online_to_offline_payment?.identifier?.find((i) => i.name === "AGENT_TRX_ID")?.value;
  return agentTrxId ?? n.transaction.original_request_id ?? n.transaction.date ?? "";
}

/**
 * Same payment, same key, whatever the Request-Id: a DOKU retry under a new Request-Id is
 * a duplicate, while two real payments of a reusable code are not.
 */
export function notificationContentKey(clientId: string, n: PaymentNotification): string {
  const parts = [
    clientId,
    n.order.invoice_number,
    n.online_to_offline_info?.payment_code ?? "",
    n.transaction.status,
    paymentReference(n),
  ];
  return hash("sha256", JSON.stringify(parts), "base64url");
}
