"use strict";
const express = require("express");
const { createInquiryRouter, createNotificationRouter } = require("express-doku");
const { orderForm, orderPage } = require("./page");

/** Checks an order request; returns { order } or { field, reason }. */
function readOrder(input) {
  const amount = typeof input.amount === "string" && /^\d+$/.test(input.amount) ? Number(input.amount) : input.amount;
  const expires = input.expires_in_minutes === undefined || input.expires_in_minutes === "" ? 60 : Number(input.expires_in_minutes);
  const email = input.customer_email === "" ? undefined : input.customer_email;
  if (!Number.isInteger(amount) || amount < 1 || amount > 999_999_999_999) return { field: "amount", reason: "a whole number of rupiah from 1 to 999999999999" };
  if (typeof input.customer_name !== "string" || input.customer_name.trim() === "" || input.customer_name.length > 64) {
    return { field: "customer_name", reason: "1 to 64 characters" };
  }
  if (email !== undefined && (typeof email !== "string" || email.length > 128 || !email.includes("@"))) {
    return { field: "customer_email", reason: "an email address of at most 128 characters" };
  }
  if (!Number.isInteger(expires) || expires < 1 || expires > 10_080) return { field: "expires_in_minutes", reason: "a whole number of minutes from 1 to 10080" };
  return { order: { amount, customerName: input.customer_name.trim(), customerEmail: email, expiresInMinutes: expires } };
}

/** The example merchant: DOKU's two routes, a JSON API, and the customer's pages. */
function createMerchantApp({ clientId, secretKey, bills, onEvent = () => {} }) {
  const clients = [{ clientId, secretKeys: [secretKey] }];
  const app = express();

  const view = (bill) => ({
    invoice_number: bill.invoice_number,
    payment_code: bill.payment_code,
    amount: bill.amount,
    expired_at: new Date(bill.expires_at).toISOString(),
    state: bills.stateOf(bill),
  });

  // DOKU's routes come first: they read the raw body themselves.
  app.use(createInquiryRouter({
    path: "/doku/inquiry",
    clients,
    onEvent,
    lookupPaymentCode(paymentCode) {
      const bill = bills.findByCode(paymentCode);
      if (!bill) return { status: "billing_not_found" };
      const order = { invoice_number: bill.invoice_number, amount: bill.amount };
      const state = bills.stateOf(bill);
      if (state === "paid") return { status: "billing_already_paid", order };
      if (state === "expired") return { status: "billing_was_expired", order };
      const customer = bill.customer_email ? { name: bill.customer_name, email: bill.customer_email } : { name: bill.customer_name };
      return { status: "success", order, customer, info: "Toko Demo" };
    },
  }));

  app.use(createNotificationRouter({
    path: "/doku/notify",
    clients,
    onEvent,
    onPayment(notification, ctx) {
      if (notification.transaction.status !== "SUCCESS") return;
      const ids = notification.online_to_offline_payment?.identifier ?? [];
      const idOf = (name) => ids.find((i) => i.name === name)?.value;
      const result = bills.recordPayment({
        invoice: notification.order.invoice_number,
        amount: notification.order.amount,
        storeId: idOf("AGENT_STORE_ID"),
        trxId: idOf("AGENT_TRX_ID"),
        key: ctx.idempotencyKey,
      });
      if (result === "unknown_invoice") console.warn(`payment for an unknown invoice ${notification.order.invoice_number}`);
    },
  }));

  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));

  app.post("/api/orders", (req, res) => {
    const checked = readOrder(req.body ?? {});
    if (!checked.order) return res.status(400).json({ field: checked.field, reason: checked.reason });
    res.status(201).json(view(bills.create(checked.order)));
  });

  app.get("/api/orders/:invoice", (req, res) => {
    const bill = bills.findByInvoice(req.params.invoice);
    if (!bill) return res.status(404).json({ reason: "no such order" });
    res.json(view(bill));
  });

  app.get("/", (_req, res) => res.type("html").send(orderForm()));

  app.post("/orders", (req, res) => {
    const checked = readOrder(req.body ?? {});
    if (!checked.order) return res.status(400).type("html").send(orderForm(`${checked.field}: ${checked.reason}`));
    res.redirect(303, `/orders/${encodeURIComponent(bills.create(checked.order).invoice_number)}`);
  });

  app.get("/orders/:invoice", (req, res) => {
    const bill = bills.findByInvoice(req.params.invoice);
    if (!bill) return res.status(404).type("html").send(orderForm("No such order."));
    res.type("html").send(orderPage(view(bill)));
  });

  return app;
}

module.exports = { createMerchantApp, readOrder };
