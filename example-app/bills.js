"use strict";
// The example's bill book: in memory for now. Codes are 16 digits, unique, numeric.
const { randomInt } = require("node:crypto");

function createBillBook(now = Date.now) {
  const byCode = new Map();
  const byInvoice = new Map();
  let sequence = 0;

  function stateOf(bill) {
    if (bill.paidAt) return "paid";
    return bill.expiresAt <= now() ? "expired" : "pending";
  }

  return {
    create({ amount, customerName, customerEmail, expiresInMinutes = 60 }) {
      let code;
      do code = "8896" + String(randomInt(0, 1e12)).padStart(12, "0");
      while (byCode.has(code));
      sequence += 1;
      const bill = {
        invoiceNumber: `INV-${new Date(now()).toISOString().slice(0, 10).replace(/-/g, "")}-${String(sequence).padStart(5, "0")}`,
        paymentCode: code,
        amount,
        customerName,
        customerEmail,
        expiresAt: now() + expiresInMinutes * 60_000,
        paidAt: undefined,
      };
      byCode.set(code, bill);
      byInvoice.set(bill.invoiceNumber, bill);
      return bill;
    },
    findByCode: (code) => byCode.get(code),
    findByInvoice: (invoice) => byInvoice.get(invoice),
    stateOf,
    /** Marks paid once; returns false when it was already paid or the amount differs. */
    markPaid(invoice, amount, store) {
      const bill = byInvoice.get(invoice);
      if (!bill || bill.paidAt || bill.amount !== amount) return false;
      bill.paidAt = now();
      bill.paidAtStore = store;
      return true;
    },
  };
}

module.exports = { createBillBook };
