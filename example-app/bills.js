// @ts-check
"use strict";
// The bill book: what the merchant sells, kept in SQLite, whichever of DOKU's four ways takes it.
const { randomBytes, randomInt, randomUUID } = require("node:crypto");

/** @typedef {"direct_inquiry" | "doku_generated" | "merchant_generated" | "indomaret"} Method */
/** @typedef {"pending" | "paid" | "expired" | "cancelled"} BillState */
/**
 * @typedef {object} Bill
 * @property {string} invoice_number
 * @property {Method} method
 * @property {string | null} payment_code      null until DOKU answered the create call (DOKU-generated, Indomaret)
 * @property {number} amount
 * @property {string} customer_name
 * @property {string | null} customer_email
 * @property {number} created_at
 * @property {number} expires_at
 * @property {string | null} doku_request_id   the create or register call's Request-Id, sent again on a retry
 * @property {number | null} doku_registered_at when DOKU confirmed the code (every way but Direct Inquiry)
 * @property {string | null} how_to_pay_url
 * @property {number | null} cancelled_at
 * @property {number | null} last_checked_at   unused since the package's reconciler keeps its own schedule
 * @property {number | null} paid_at
 * @property {string | null} paid_agent_id
 * @property {string | null} paid_agent_store_id
 * @property {string | null} paid_agent_trx_id
 * @property {string | null} doku_payment_key
 */
/**
 * @typedef {object} NewBill
 * @property {number} amount
 * @property {string} customerName
 * @property {string} [customerEmail]
 * @property {number} expiresInMinutes
 * @property {Method} [method]
 */
/**
 * @typedef {object} Payment
 * @property {string} invoice
 * @property {number} amount
 * @property {string | undefined} paymentCode
 * @property {string | undefined} [agentId]
 * @property {string | undefined} storeId
 * @property {string | undefined} trxId
 * @property {string} key  the payment's idempotency key (`ctx.idempotencyKey`: the same from a notification or the reconciler)
 */

// The first three are paid at Alfa's tills (Alfamart, Alfamidi, Lawson, Dan+Dan); Indomaret's codes are DOKU's only.
const METHODS = /** @type {const} */ (["direct_inquiry", "doku_generated", "merchant_generated", "indomaret"]);
/**
 * Whether DOKU makes the code (known once its create call is answered).
 * @param {Method} method
 * @returns {method is "doku_generated" | "indomaret"}
 */
function dokuMakesCode(method) {
  return method === "doku_generated" || method === "indomaret";
}
// Codes the merchant makes itself: 16 digits, a prefix per method so that a person can tell them apart.
const PREFIX = { direct_inquiry: "8896", merchant_generated: "1906" };
const SELECT_BY_INVOICE = "SELECT * FROM bills WHERE invoice_number = ?";
const MARK_PAID = `UPDATE bills SET paid_at = @paidAt, paid_agent_id = @agentId, paid_agent_store_id = @storeId,
                          paid_agent_trx_id = @trxId, doku_payment_key = @key
                    WHERE invoice_number = @invoice AND paid_at IS NULL`;

/**
 * @param {import("better-sqlite3").Database} db
 * @param {() => number} [now]
 */
function createBillBook(db, now = Date.now) {
  const insert =
    db.prepare(`INSERT INTO bills (invoice_number, method, payment_code, amount, customer_name, customer_email, created_at, expires_at, doku_request_id)
                             VALUES (@invoiceNumber, @method, @paymentCode, @amount, @customerName, @customerEmail, @createdAt, @expiresAt, @dokuRequestId)`);
  const byCode = db.prepare("SELECT * FROM bills WHERE payment_code = ?");
  const byInvoice = db.prepare(SELECT_BY_INVOICE);
  const registerRow = db.prepare(
    "UPDATE bills SET payment_code = @paymentCode, how_to_pay_url = @howToPayUrl, doku_registered_at = @at WHERE invoice_number = @invoice AND cancelled_at IS NULL",
  );
  const cancelRow = db.prepare(
    "UPDATE bills SET cancelled_at = @at WHERE invoice_number = @invoice AND paid_at IS NULL AND cancelled_at IS NULL",
  );
  const deleteRow = db.prepare("DELETE FROM bills WHERE invoice_number = ? AND paid_at IS NULL");
  const unregistered =
    db.prepare(`SELECT * FROM bills WHERE method != 'direct_inquiry' AND doku_registered_at IS NULL AND cancelled_at IS NULL
                                   ORDER BY created_at LIMIT ?`);
  // Codes DOKU may still be paid for: unpaid, not cancelled, known to DOKU (or answered by us), and
  // not expired long ago (the reconciler looks once more after expiry, then DOKU says EXPIRED).
  const unpaid =
    db.prepare(`SELECT invoice_number, amount, created_at FROM bills WHERE paid_at IS NULL AND cancelled_at IS NULL
                            AND payment_code IS NOT NULL AND (method = 'direct_inquiry' OR doku_registered_at IS NOT NULL)
                            AND expires_at > @since`);

  /** @param {Bill} bill @returns {BillState} */
  function stateOf(bill) {
    if (bill.paid_at !== null) return "paid";
    if (bill.cancelled_at !== null) return "cancelled";
    return bill.expires_at <= now() ? "expired" : "pending";
  }

  /** @param {NewBill} input @returns {Bill} */
  function create({ amount, customerName, customerEmail, expiresInMinutes, method = "direct_inquiry" }) {
    const createdAt = now();
    for (let attempt = 0; ; attempt++) {
      const bill = {
        invoiceNumber: `INV-${new Date(createdAt).toISOString().slice(0, 10).replace(/-/g, "")}-${randomBytes(4).toString("hex").toUpperCase()}`,
        method,
        paymentCode: dokuMakesCode(method) ? null : `${PREFIX[method]}${String(randomInt(0, 1e12)).padStart(12, "0")}`,
        amount,
        customerName,
        customerEmail: customerEmail ?? null,
        createdAt,
        expiresAt: createdAt + expiresInMinutes * 60_000,
        dokuRequestId: method === "direct_inquiry" ? null : randomUUID(),
      };
      try {
        insert.run(bill);
        return /** @type {Bill} */ (byInvoice.get(bill.invoiceNumber));
      } catch (error) {
        // A code or invoice number already taken: draw again.
        const code = /** @type {{ code?: string }} */ (error).code;
        if ((code !== "SQLITE_CONSTRAINT_UNIQUE" && code !== "SQLITE_CONSTRAINT_PRIMARYKEY") || attempt > 10)
          throw error;
      }
    }
  }

  /**
   * Marks the bill paid if it exists, is unpaid, and the amount and code match; throws on a mismatch.
   * A cancelled bill that was paid all the same (the customer paid as it was cancelled) is recorded
   * too, as `paid_after_cancel`: the money came, and the merchant refunds it. Runs on `tx`, the shop's Database, inside the transaction of the inbox (`ctx.transaction`,
   * committed with its inbox row), whether DOKU's notification or the reconciler reported it.
   * @param {import("better-sqlite3").Database} tx
   * @param {Payment} p
   * @returns {"unknown_invoice" | "already_paid" | "paid" | "paid_after_cancel"}
   */
  function markPaid(tx, p) {
    const bill = /** @type {Bill | undefined} */ (tx.prepare(SELECT_BY_INVOICE).get(p.invoice));
    if (!bill) return "unknown_invoice";
    if (bill.paid_at !== null) return "already_paid";
    if (bill.amount !== p.amount)
      throw new Error(`amount mismatch on ${p.invoice}: billed ${bill.amount}, paid ${p.amount}`);
    if (p.paymentCode !== undefined && bill.payment_code !== null && bill.payment_code !== p.paymentCode) {
      throw new Error(`payment code mismatch on ${p.invoice}: billed ${bill.payment_code}, paid ${p.paymentCode}`);
    }
    tx.prepare(MARK_PAID).run({
      invoice: p.invoice,
      paidAt: now(),
      agentId: p.agentId ?? null,
      storeId: p.storeId ?? null,
      trxId: p.trxId ?? null,
      key: p.key,
    });
    return bill.cancelled_at === null ? "paid" : "paid_after_cancel";
  }

  return {
    create,
    stateOf,
    markPaid,
    /** DOKU confirmed the code (and, for a DOKU-generated one, told it). @param {string} invoice @param {{ paymentCode: string, howToPayUrl?: string | undefined }} code */
    registered: (invoice, { paymentCode, howToPayUrl }) =>
      void registerRow.run({ invoice, paymentCode, howToPayUrl: howToPayUrl ?? null, at: now() }),
    /** @param {string} invoice @returns {boolean} whether it was pending */
    cancel: (invoice) => cancelRow.run({ invoice, at: now() }).changes === 1,
    /** A bill DOKU refused to make a code for: the customer never saw it. @param {string} invoice */
    remove: (invoice) => void deleteRow.run(invoice),
    /** Codes whose create or register call has not been answered yet. @param {number} limit @returns {Bill[]} */
    awaitingRegistration: (limit) => /** @type {Bill[]} */ (unregistered.all(limit)),
    /**
     * The orders the reconciler asks DOKU about (`pending()` of createReconciler).
     * @returns {import("express-doku").PendingOrder[]}
     */
    pending: () =>
      /** @type {{ invoice_number: string, amount: number, created_at: number }[]} */ (
        unpaid.all({ since: now() - 24 * 60 * 60_000 })
      ).map((b) => ({ invoiceNumber: b.invoice_number, amount: b.amount, createdAt: b.created_at })),
    /** @param {string} code @returns {Bill | undefined} */
    findByCode: (code) => /** @type {Bill | undefined} */ (byCode.get(code)),
    /** @param {string} invoice @returns {Bill | undefined} */
    findByInvoice: (invoice) => /** @type {Bill | undefined} */ (byInvoice.get(invoice)),
  };
}

/** @typedef {ReturnType<typeof createBillBook>} BillBook */

module.exports = { createBillBook, dokuMakesCode, METHODS };
