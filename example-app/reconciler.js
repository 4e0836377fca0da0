// @ts-check
"use strict";
// Reconciliation: a bill whose create call was never answered, or could not be sent, is sent
// again under its Request-Id; an unpaid bill past its expiry, or whose notification never came,
// is checked with Check Status and marked paid when DOKU says SUCCESS. Bounded: `batch` calls per
// `intervalMs`.
const { DokuError } = require("express-doku");

/** @typedef {import("./bills").BillBook} BillBook */
/** @typedef {import("./payment-desk").PaymentDesk} PaymentDesk */
/** @typedef {import("express-doku").DokuClient} DokuClient */

/**
 * @param {{ bills: BillBook, doku: DokuClient, desk: PaymentDesk, intervalMs: number, minAgeMs: number, batch: number, log: (line: Record<string, unknown>) => void }} deps
 */
function startReconciler({ bills, doku, desk, intervalMs, minAgeMs, batch, log }) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let stopped = false;

  /** @param {import("./bills").Bill} bill */
  async function check(bill) {
    try {
      const status = await doku.getStatus(bill.invoice_number);
      if (status.status === "SUCCESS" && status.amount !== undefined) {
        const ids = status.identifiers;
        const result = bills.recordPayment({
          invoice: bill.invoice_number,
          amount: status.amount,
          paymentCode: status.online_to_offline_info?.payment_code,
          agentId: ids.AGENT_ID,
          storeId: ids.AGENT_STORE_ID,
          trxId: ids.AGENT_TRX_ID,
          key: `check-status:${bill.invoice_number}`,
        });
        log({ level: "info", event: "reconciled", invoice: bill.invoice_number, result });
      }
    } catch (error) {
      // DOKU knows nothing of an unpaid Direct Inquiry bill: that is an answer too.
      if (!(error instanceof DokuError) || error.type !== "not_found") {
        log({
          level: "warn",
          event: "check_status_failed",
          invoice: bill.invoice_number,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    bills.checked(bill.invoice_number);
  }

  async function tick() {
    try {
      let calls = 0;
      for (const bill of bills.awaitingRegistration(batch)) {
        calls++;
        await desk.register(bill);
      }
      for (const bill of bills.dueForCheck({ minAgeMs, intervalMs, limit: Math.max(0, batch - calls) }))
        await check(bill);
    } catch (error) {
      log({ level: "error", event: "reconcile_failed", error: error instanceof Error ? error.message : String(error) });
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), intervalMs);
      timer.unref();
    }
  }

  timer = setTimeout(() => void tick(), intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

module.exports = { startReconciler };
