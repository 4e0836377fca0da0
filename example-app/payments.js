// @ts-check
"use strict";
// What a payment does to the shop, whoever reports it: DOKU's notification, or the reconciler
// that found it with Check Status when the notification never came. One function for both, run
// by the package at most once per payment, inside the inbox's transaction.

/** @typedef {import("./bills").BillBook} BillBook */
/** @typedef {import("better-sqlite3").Database} Db */
/** @typedef {import("express-doku").NotificationContext<Db> | import("express-doku").ReconcilerContext<Db>} PaymentContext */

/**
 * @param {BillBook} bills
 * @param {(line: Record<string, unknown>) => void} log
 * @returns {(notification: import("express-doku").PaymentNotification, ctx: PaymentContext) => void}
 */
function paymentHandler(bills, log) {
  // Synchronous on purpose: ctx.transaction is the shop's one connection inside BEGIN IMMEDIATE,
  // and every other write on it while onPayment awaited would join this transaction.
  return function onPayment(notification, ctx) {
    if (notification.transaction.status !== "SUCCESS") return;
    const ids = notification.online_to_offline_payment?.identifier ?? [];
    /** @param {string} name */
    const idOf = (name) => ids.find((i) => i.name === name)?.value;
    // A mismatch throws: rolled back with the inbox row, and DOKU (or the reconciler) tries again later.
    const result = bills.markPaid(ctx.transaction, {
      invoice: notification.order.invoice_number,
      amount: notification.order.amount,
      paymentCode: notification.online_to_offline_info?.payment_code,
      agentId: idOf("AGENT_ID"),
      storeId: idOf("AGENT_STORE_ID"),
      trxId: idOf("AGENT_TRX_ID"),
      key: ctx.idempotencyKey,
    });
    // Recorded all the same: trying again would not make the invoice known.
    if (result === "unknown_invoice")
      log({
        level: "warn",
        event: "payment_for_unknown_invoice",
        invoice: notification.order.invoice_number,
        source: ctx.source,
        requestId: ctx.requestId,
      });
    // The money came for an order the shop had cancelled: someone has to refund it.
    if (result === "paid_after_cancel")
      log({
        level: "warn",
        event: "paid_after_cancel",
        invoice: notification.order.invoice_number,
        amount: notification.order.amount,
        trxId: idOf("AGENT_TRX_ID"),
        source: ctx.source,
        requestId: ctx.requestId,
      });
  };
}

module.exports = { paymentHandler };
