"use strict";
const express = require("express");
const { createInquiryRouter, createNotificationRouter } = require("express-doku");
const { createBillBook } = require("./bills");

/** The example merchant: DOKU's two routes, and a small JSON API to create and read orders. */
function createMerchantApp({ clientId, secretKey, bills = createBillBook(), onEvent = () => {} }) {
  const clients = [{ clientId, secretKeys: [secretKey] }];
  const app = express();

  // DOKU's routes come first: they read the raw body themselves.
  app.use(createInquiryRouter({
    path: "/doku/inquiry",
    clients,
    onEvent,
    lookupPaymentCode(paymentCode) {
      const bill = bills.findByCode(paymentCode);
      if (!bill) return { status: "billing_not_found" };
      const order = { invoice_number: bill.invoiceNumber, amount: bill.amount };
      const state = bills.stateOf(bill);
      if (state === "paid") return { status: "billing_already_paid", order };
      if (state === "expired") return { status: "billing_was_expired", order };
      return { status: "success", order, customer: { name: bill.customerName, email: bill.customerEmail }, info: "Toko Demo" };
    },
  }));

  app.use(createNotificationRouter({
    path: "/doku/notify",
    clients,
    onEvent,
    onPayment(notification) {
      if (notification.transaction.status !== "SUCCESS") return;
      const store = notification.online_to_offline_payment?.identifier?.find((i) => i.name === "AGENT_STORE_ID")?.value;
      bills.markPaid(notification.order.invoice_number, notification.order.amount, store);
    },
  }));

  app.use(express.json());

  app.post("/api/orders", (req, res) => {
    const { amount, customer_name: customerName, customer_email: customerEmail, expires_in_minutes: expires = 60 } = req.body ?? {};
    if (!Number.isInteger(amount) || amount < 1) return res.status(400).json({ field: "amount", reason: "a whole number of rupiah, 1 or more" });
    if (typeof customerName !== "string" || customerName.length < 1 || customerName.length > 64) {
      return res.status(400).json({ field: "customer_name", reason: "1 to 64 characters" });
    }
    if (!Number.isInteger(expires) || expires < 1) return res.status(400).json({ field: "expires_in_minutes", reason: "a whole number of minutes, 1 or more" });
    const bill = bills.create({ amount, customerName, customerEmail, expiresInMinutes: expires });
    res.status(201).json(view(bill));
  });

  app.get("/api/orders/:invoice", (req, res) => {
    const bill = bills.findByInvoice(req.params.invoice);
    if (!bill) return res.status(404).json({ reason: "no such order" });
    res.json(view(bill));
  });

  function view(bill) {
    return {
      invoice_number: bill.invoiceNumber,
      payment_code: bill.paymentCode,
      amount: bill.amount,
      expired_at: new Date(bill.expiresAt).toISOString(),
      state: bills.stateOf(bill),
    };
  }

  return app;
}

module.exports = { createMerchantApp };
