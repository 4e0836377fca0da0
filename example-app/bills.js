"use strict";
// The bill book: what the merchant sells, kept in SQLite. Payment codes are 16 unique digits.
const { randomBytes, randomInt } = require("node:crypto");

function createBillBook(db, now = Date.now) {
  const insert = db.prepare(`INSERT INTO bills (invoice_number, payment_code, amount, customer_name, customer_email, created_at, expires_at)
                             VALUES (@invoiceNumber, @paymentCode, @amount, @customerName, @customerEmail, @createdAt, @expiresAt)`);
  const byCode = db.prepare("SELECT * FROM bills WHERE payment_code = ?");
  const byInvoice = db.prepare("SELECT * FROM bills WHERE invoice_number = ?");
  const markPaidRow = db.prepare(`UPDATE bills SET paid_at = @paidAt, paid_agent_store_id = @storeId, paid_agent_trx_id = @trxId, doku_payment_key = @key
                                  WHERE invoice_number = @invoice AND paid_at IS NULL`);

  function stateOf(bill) {
    if (bill.paid_at !== null) return "paid";
    return bill.expires_at <= now() ? "expired" : "pending";
  }

  function create({ amount, customerName, customerEmail, expiresInMinutes }) {
    const createdAt = now();
    for (let attempt = 0; ; attempt++) {
      const bill = {
        invoiceNumber: `INV-${new Date(createdAt).toISOString().slice(0, 10).replace(/-/g, "")}-${randomBytes(4).toString("hex").toUpperCase()}`,
        paymentCode: `8896${String(randomInt(0, 1e12)).padStart(12, "0")}`,
        amount,
        customerName,
        customerEmail: customerEmail ?? null,
        createdAt,
        expiresAt: createdAt + expiresInMinutes * 60_000,
      };
      try {
        insert.run(bill);
        return byInvoice.get(bill.invoiceNumber);
      } catch (error) {
        // A code or invoice number already taken: draw again.
        if (error.code !== "SQLITE_CONSTRAINT_UNIQUE" && error.code !== "SQLITE_CONSTRAINT_PRIMARYKEY" || attempt > 10) throw error;
      }
    }
  }

  /** One transaction: the bill exists, is unpaid, and the amount matches; then it is paid. */
  const recordPayment = db.transaction(({ invoice, amount, storeId, trxId, key }) => {
    const bill = byInvoice.get(invoice);
    if (!bill) return "unknown_invoice";
    if (bill.paid_at !== null) return "already_paid";
    if (bill.amount !== amount) throw new Error(`amount mismatch on ${invoice}: billed ${bill.amount}, paid ${amount}`);
    markPaidRow.run({ invoice, paidAt: now(), storeId: storeId ?? null, trxId: trxId ?? null, key });
    return "paid";
  });

  return {
    create,
    stateOf,
    recordPayment,
    findByCode: (code) => byCode.get(code),
    findByInvoice: (invoice) => byInvoice.get(invoice),
  };
}

module.exports = { createBillBook };
