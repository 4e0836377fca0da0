// @ts-check
"use strict";
// Taking and cancelling orders each of DOKU's four ways. Direct Inquiry needs no call to DOKU;
// a DOKU-generated code is created with createPaymentCode, an Indomaret one with
// createIndomaretPaymentCode, a merchant-generated one registered with registerPaymentCode, each
// under the bill's own Request-Id, so a retry after a lost answer is DOKU's first answer again
// (409), never a second code. DOKU has no cancel for Indomaret: such a code runs until it expires.
const { DokuError } = require("express-doku");

/** @typedef {import("./bills").Bill} Bill */
/** @typedef {import("./bills").BillBook} BillBook */
/** @typedef {import("./bills").NewBill} NewBill */
/** @typedef {import("express-doku").DokuClient} DokuClient */
/** @typedef {(line: Record<string, unknown>) => void} Log */
/**
 * `pending_at_doku`: the bill is kept without a code, and the reconciler sends it again.
 * @typedef {{ ok: true, bill: Bill } | { ok: false, outcome: "pending_at_doku", bill: Bill, error: DokuError } | { ok: false, outcome: "refused", error: DokuError }} Registration
 */

/** What the till shows beside the amount (at most 30 characters). */
const TILL_INFO = "Toko Demo";

// Errors after which the bill is kept and the reconciler sends it again under the same Request-Id:
// the code may exist at DOKU (`unknown_outcome`, `api`, `connection`), or the call never left this
// machine (`not_sent`: DOKU unreachable, nothing happened, sending it again is safe).
const SEND_AGAIN_LATER = new Set(["unknown_outcome", "api", "connection", "not_sent"]);

/**
 * @param {{ bills: BillBook, doku: DokuClient | undefined, log: Log }} deps
 */
function createPaymentDesk({ bills, doku, log }) {
  // One registration per bill at a time in this process: the reconciler never races the order's own call.
  /** @type {Map<string, Promise<Registration>>} */
  const inFlight = new Map();

  /** The create or register body, from stored fields only: a retry sends the same bytes. @param {Bill} bill */
  function bodyOf(bill) {
    const customer =
      bill.customer_email === null
        ? { name: bill.customer_name }
        : { name: bill.customer_name, email: bill.customer_email };
    return {
      order: { invoice_number: bill.invoice_number, amount: bill.amount },
      online_to_offline_info: {
        expired_time: Math.round((bill.expires_at - bill.created_at) / 60_000),
        reusable_status: false,
        info: TILL_INFO,
      },
      customer,
    };
  }

  /** Asks DOKU for the bill's code (or registers the merchant's). @param {Bill} bill @returns {Promise<Registration>} */
  function register(bill) {
    const running = inFlight.get(bill.invoice_number);
    if (running !== undefined) return running;
    const registration = send(bill).finally(() => inFlight.delete(bill.invoice_number));
    inFlight.set(bill.invoice_number, registration);
    return registration;
  }

  /** @param {Bill} bill @returns {Promise<Registration>} */
  async function send(bill) {
    if (doku === undefined) throw new Error("a code DOKU makes or holds needs a DOKU client");
    const options = { requestId: /** @type {string} */ (bill.doku_request_id) };
    try {
      const body = bodyOf(bill);
      const result =
        bill.method === "doku_generated"
          ? await doku.createPaymentCode(body, options)
          : bill.method === "indomaret"
            ? await doku.createIndomaretPaymentCode(body, options)
            : await doku.registerPaymentCode(
                {
                  ...body,
                  online_to_offline_info: {
                    ...body.online_to_offline_info,
                    payment_code: /** @type {string} */ (bill.payment_code),
                  },
                },
                options,
              );
      bills.registered(bill.invoice_number, {
        paymentCode: result.paymentCode,
        howToPayUrl: result.online_to_offline_info.how_to_pay_page,
      });
      log({
        level: "info",
        event: "code_registered",
        invoice: bill.invoice_number,
        method: bill.method,
        replayed: result.replayed,
        requestId: result.requestId,
      });
      return { ok: true, bill: /** @type {Bill} */ (bills.findByInvoice(bill.invoice_number)) };
    } catch (error) {
      if (!(error instanceof DokuError)) throw error;
      log({
        level: "warn",
        event: "code_not_registered",
        invoice: bill.invoice_number,
        type: error.type,
        status: error.status,
        code: error.code,
        detail: error.message,
      });
      if (SEND_AGAIN_LATER.has(error.type)) return { ok: false, outcome: "pending_at_doku", bill, error };
      bills.remove(bill.invoice_number);
      return { ok: false, outcome: "refused", error };
    }
  }

  /** @param {NewBill} order @returns {Promise<Registration>} */
  async function take(order) {
    const bill = bills.create(order);
    return bill.method === "direct_inquiry" ? { ok: true, bill } : register(bill);
  }

  /**
   * Cancels a pending bill: at DOKU first where DOKU holds the code. An Indomaret bill never: DOKU
   * has no cancel for its code, and may hold one even before its create was answered (a lost answer,
   * or a create in flight), so the order stays payable until the code expires.
   * @param {Bill} bill
   * @returns {Promise<{ ok: true, bill: Bill } | { ok: false, status: 409 | 502, reason: string }>}
   */
  async function cancel(bill) {
    const state = bills.stateOf(bill);
    if (state !== "pending") return { ok: false, status: 409, reason: `the order is ${state}` };
    if (bill.method === "indomaret")
      return {
        ok: false,
        status: 409,
        reason: "DOKU cannot cancel an Indomaret code: it stays payable until it expires",
      };
    if (bill.method !== "direct_inquiry" && bill.doku_registered_at !== null && doku !== undefined) {
      try {
        await doku.cancelPaymentCode({
          order: { invoice_number: bill.invoice_number },
          online_to_offline_info: { payment_code: /** @type {string} */ (bill.payment_code) },
        });
      } catch (error) {
        if (!(error instanceof DokuError)) throw error;
        log({
          level: "warn",
          event: "cancel_failed",
          invoice: bill.invoice_number,
          type: error.type,
          status: error.status,
          code: error.code,
          detail: error.message,
        });
        // Cancelled at DOKU already (a repeat after a lost answer): cancel here too.
        if (error.code !== "payment_code_already_deleted") {
          return error.type === "conflict"
            ? { ok: false, status: 409, reason: `DOKU refused: ${error.dokuMessage ?? error.code}` }
            : { ok: false, status: 502, reason: "DOKU did not answer; try again" };
        }
      }
    }
    bills.cancel(bill.invoice_number);
    return { ok: true, bill: /** @type {Bill} */ (bills.findByInvoice(bill.invoice_number)) };
  }

  return { take, register, cancel };
}

/** @typedef {ReturnType<typeof createPaymentDesk>} PaymentDesk */

module.exports = { createPaymentDesk, TILL_INFO };
