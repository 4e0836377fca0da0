// @ts-check
"use strict";
// Reconciliation, two jobs on one interval. A bill whose create or register call was never
// answered, or could not be sent, is sent again under its Request-Id (the payment desk). A paid
// bill whose notification never came is the package's reconciler's: it asks Check Status about
// the unpaid bills and runs the shop's own onPayment, in the inbox, for a SUCCESS it finds.
const { createReconciler } = require("express-doku");

/** @typedef {import("./bills").BillBook} BillBook */
/** @typedef {import("./payment-desk").PaymentDesk} PaymentDesk */
/** @typedef {import("better-sqlite3").Database} Db */

/**
 * @param {{
 *   bills: BillBook,
 *   doku: import("express-doku").DokuClient,
 *   desk: PaymentDesk,
 *   clientId: string,
 *   inbox: import("express-doku").DokuInbox<Db>,
 *   onPayment: ReturnType<typeof import("./payments").paymentHandler>,
 *   intervalMs: number,
 *   minAgeMs: number,
 *   callsPerMinute: number,
 *   log: (line: Record<string, unknown>) => void,
 * }} deps
 */
function startReconciler({ bills, doku, desk, clientId, inbox, onPayment, intervalMs, minAgeMs, callsPerMinute, log }) {
  const payments = createReconciler({
    client: doku,
    pending: bills.pending,
    onPayment,
    clientId,
    inbox,
    intervalMs,
    minAgeMs,
    callsPerMinute,
    onEvent: (e) => {
      // A sweep that found nothing and failed nothing is not worth a line.
      if (e.type === "sweep" && e.level === "info" && e.sweep?.failed === 0 && e.sweep.checked === 0) return;
      log({ event: `reconciler_${e.type}`, ...e });
    },
  });
  payments.start();

  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let stopped = false;
  async function sendAgain() {
    try {
      for (const bill of bills.awaitingRegistration(callsPerMinute)) await desk.register(bill);
    } catch (error) {
      log({
        level: "error",
        event: "register_again_failed",
        error: error instanceof Error ? error.message : String(error),
      });
    }
    if (!stopped) {
      timer = setTimeout(() => void sendAgain(), intervalMs);
      timer.unref();
    }
  }
  timer = setTimeout(() => void sendAgain(), intervalMs);
  timer.unref();

  return {
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await payments.stop();
    },
  };
}

module.exports = { startReconciler };
