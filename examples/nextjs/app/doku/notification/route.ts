// DOKU's payment notification: the customer paid at the till.
import { createNotificationHandler } from "express-doku/fetch";

import { clients, log, onEvent } from "../../../lib/doku";
import { findByInvoice, markPaid } from "../../../lib/orders";

// The handler signs with node:crypto, which the Edge runtime does not have.
export const runtime = "nodejs";

export const POST = createNotificationHandler({
  clients,
  onEvent,
  // Runs once per payment: a retry or a duplicate of it is answered without calling this again.
  onPayment: (notification, ctx) => {
    if (notification.transaction.status !== "SUCCESS") return;
    const invoice = notification.order.invoice_number;
    const order = findByInvoice(invoice);
    // Not ours: a 200 all the same (a 500 would bring DOKU back for 12 hours), and look into it.
    if (order === undefined) return log({ level: "warn", msg: "payment for an unknown invoice", invoice });
    // A 500: DOKU retries, and you look at why the amounts differ.
    if (order.amount !== notification.order.amount) throw new Error(`amount mismatch on ${invoice}`);
    log({ level: "info", msg: "order paid", invoice, paidNow: markPaid(order), requestId: ctx.requestId });
  },
});
