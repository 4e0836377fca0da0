// @ts-check
"use strict";
const express = require("express");
const { createInquiryRouter, createNotificationRouter } = require("express-doku");
const { METHODS } = require("./bills");
const { TILL_INFO, createPaymentDesk } = require("./payment-desk");
const { langOf, notFoundPage, orderForm, orderPage, orderState } = require("./page");
const { paymentHandler } = require("./payments");

/** @typedef {import("./bills").Bill} Bill */
/** @typedef {import("./bills").BillBook} BillBook */
/** @typedef {import("./bills").Method} Method */
/** @typedef {import("./bills").NewBill} NewBill */
/** @typedef {import("express-doku").DokuEvent} DokuEvent */

/**
 * Checks an order request; returns { order } or { field, reason }.
 * @param {Record<string, unknown>} input
 * @param {Method} defaultMethod
 * @returns {{ order: NewBill & { method: Method } } | { field: string, reason: string }}
 */
function readOrder(input, defaultMethod = "direct_inquiry") {
  const amount = typeof input.amount === "string" && /^\d+$/.test(input.amount) ? Number(input.amount) : input.amount;
  const expires =
    input.expires_in_minutes === undefined || input.expires_in_minutes === "" ? 60 : Number(input.expires_in_minutes);
  const email = input.customer_email === "" ? undefined : input.customer_email;
  const method = input.method === undefined || input.method === "" ? defaultMethod : input.method;
  if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 1 || amount > 999_999_999_999)
    return { field: "amount", reason: "a whole number of rupiah from 1 to 999999999999" };
  if (typeof input.customer_name !== "string" || input.customer_name.trim() === "" || input.customer_name.length > 64) {
    return { field: "customer_name", reason: "1 to 64 characters" };
  }
  if (email !== undefined && (typeof email !== "string" || email.length > 128 || !email.includes("@"))) {
    return { field: "customer_email", reason: "an email address of at most 128 characters" };
  }
  if (!Number.isInteger(expires) || expires < 1 || expires > 10_080)
    return { field: "expires_in_minutes", reason: "a whole number of minutes from 1 to 10080" };
  if (typeof method !== "string" || !(/** @type {readonly string[]} */ (METHODS).includes(method)))
    return { field: "method", reason: `one of ${METHODS.join(", ")}` };
  return {
    order: {
      amount,
      customerName: input.customer_name.trim(),
      customerEmail: /** @type {string | undefined} */ (email),
      expiresInMinutes: expires,
      method: /** @type {Method} */ (method),
    },
  };
}

/**
 * The example merchant: DOKU's two routes, a JSON API, and the customer's pages.
 * @param {{
 *   clientId: string,
 *   secretKey: string,
 *   bills: BillBook,
 *   inbox: import("express-doku/sqlite").SqlInbox<import("better-sqlite3").Database>,
 *   doku?: import("express-doku").DokuClient,
 *   onPayment?: ReturnType<typeof paymentHandler>,
 *   desk?: import("./payment-desk").PaymentDesk,
 *   defaultMethod?: Method,
 *   onEvent?: (event: DokuEvent) => void,
 *   log?: (line: Record<string, unknown>) => void,
 * }} options
 */
function createMerchantApp({
  clientId,
  secretKey,
  bills,
  inbox,
  doku,
  log = () => {},
  desk = createPaymentDesk({ bills, doku, log }),
  defaultMethod = "direct_inquiry",
  onEvent = () => {},
  onPayment = paymentHandler(bills, log),
}) {
  const clients = [{ clientId, secretKeys: [secretKey] }];
  // Without a DOKU client only Direct Inquiry can work: DOKU calls us, we never call DOKU.
  const methods = doku === undefined ? /** @type {const} */ (["direct_inquiry"]) : METHODS;
  const app = express();

  /** @param {Bill} bill */
  const view = (bill) => ({
    invoice_number: bill.invoice_number,
    method: bill.method,
    // A code DOKU does not hold yet cannot be paid: it is shown once DOKU confirmed it.
    payment_code: bill.method === "direct_inquiry" || bill.doku_registered_at !== null ? bill.payment_code : null,
    amount: bill.amount,
    expired_at: new Date(bill.expires_at).toISOString(),
    state: bills.stateOf(bill),
    how_to_pay_url: bill.how_to_pay_url,
    paid:
      bill.paid_at === null
        ? null
        : {
            at: new Date(bill.paid_at).toISOString(),
            agent_id: bill.paid_agent_id,
            store_id: bill.paid_agent_store_id,
            trx_id: bill.paid_agent_trx_id,
          },
    cancelled_at: bill.cancelled_at === null ? null : new Date(bill.cancelled_at).toISOString(),
  });

  // DOKU's routes come first: they read the raw body themselves.
  app.use(
    createInquiryRouter({
      path: "/doku/inquiry",
      clients,
      onEvent,
      lookupPaymentCode(paymentCode) {
        const bill = bills.findByCode(paymentCode);
        // DOKU asks only about Direct Inquiry codes; the others it holds itself.
        if (!bill || bill.method !== "direct_inquiry") return { status: "billing_not_found" };
        const order = { invoice_number: bill.invoice_number, amount: bill.amount };
        const state = bills.stateOf(bill);
        if (state === "paid") return { status: "billing_already_paid", order };
        if (state === "expired") return { status: "billing_was_expired", order };
        if (state === "cancelled") return { status: "decline", order };
        const customer = bill.customer_email
          ? { name: bill.customer_name, email: bill.customer_email }
          : { name: bill.customer_name };
        return { status: "success", order, customer, info: TILL_INFO };
      },
    }),
  );

  // Each notification is recorded in the shop's own database, in the transaction that marks the
  // order paid: both commit, or neither (the inquiry router above keeps its default memory store).
  app.use(
    createNotificationRouter({
      path: "/doku/notify",
      clients,
      inbox,
      onEvent,
      onPayment,
    }),
  );

  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));

  /** @param {import("express").Request} req */
  const lang = (req) => langOf(req.query.lang);

  app.post("/api/orders", async (req, res, next) => {
    try {
      // Express types req.body as any; readOrder checks every field it reads.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
      const checked = readOrder(req.body ?? {}, defaultMethod);
      if (!("order" in checked)) return void res.status(400).json({ field: checked.field, reason: checked.reason });
      if (!(/** @type {readonly string[]} */ (methods).includes(checked.order.method)))
        return void res
          .status(400)
          .json({ field: "method", reason: "this shop runs without a DOKU client: direct_inquiry only" });
      const taken = await desk.take(checked.order);
      if (taken.ok) return void res.status(201).json(view(taken.bill));
      if (taken.outcome === "pending_at_doku") return void res.status(202).json(view(taken.bill));
      res.status(502).json({
        reason: `DOKU refused the payment code: ${taken.error.message}`,
        doku_error: taken.error.type,
        code: taken.error.code,
      });
    } catch (error) {
      next(error);
    }
  });

  app.get("/api/orders/:invoice", (req, res) => {
    const bill = bills.findByInvoice(req.params.invoice);
    if (!bill) return void res.status(404).json({ reason: "no such order" });
    res.json(view(bill));
  });

  app.post("/api/orders/:invoice/cancel", async (req, res, next) => {
    try {
      const bill = bills.findByInvoice(req.params.invoice);
      if (!bill) return void res.status(404).json({ reason: "no such order" });
      const cancelled = await desk.cancel(bill);
      if (cancelled.ok) return void res.json(view(cancelled.bill));
      res.status(cancelled.status).json({ reason: cancelled.reason });
    } catch (error) {
      next(error);
    }
  });

  app.get("/", (req, res) => res.type("html").send(orderForm(lang(req), defaultMethod, methods)));

  app.post("/orders", async (req, res, next) => {
    try {
      // Express types req.body as any; readOrder checks every field it reads.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
      const checked = readOrder(req.body ?? {}, defaultMethod);
      if (!("order" in checked))
        return void res
          .status(400)
          .type("html")
          .send(orderForm(lang(req), defaultMethod, methods, `${checked.field}: ${checked.reason}`));
      const taken = await desk.take(checked.order);
      if (!taken.ok && taken.outcome === "refused")
        return void res
          .status(502)
          .type("html")
          .send(orderForm(lang(req), defaultMethod, methods, taken.error.message));
      res.redirect(303, `/orders/${encodeURIComponent(taken.bill.invoice_number)}?lang=${lang(req)}`);
    } catch (error) {
      next(error);
    }
  });

  app.get("/orders/:invoice", (req, res) => {
    const bill = bills.findByInvoice(req.params.invoice);
    if (!bill)
      return void res
        .status(404)
        .type("html")
        .send(notFoundPage(lang(req)));
    res.type("html").send(orderPage(view(bill), lang(req)));
  });

  app.get("/orders/:invoice/state", (req, res) => {
    const bill = bills.findByInvoice(req.params.invoice);
    if (!bill) return void res.status(404).end();
    res.type("html").send(orderState(view(bill), lang(req)));
  });

  app.post("/orders/:invoice/cancel", async (req, res, next) => {
    try {
      const bill = bills.findByInvoice(req.params.invoice);
      if (!bill)
        return void res
          .status(404)
          .type("html")
          .send(notFoundPage(lang(req)));
      await desk.cancel(bill);
      res.redirect(303, `/orders/${encodeURIComponent(bill.invoice_number)}?lang=${lang(req)}`);
    } catch (error) {
      next(error);
    }
  });

  // An expired order: a new code for the same amount and customer, the same way.
  app.post("/orders/:invoice/renew", async (req, res, next) => {
    try {
      const bill = bills.findByInvoice(req.params.invoice);
      if (!bill || bills.stateOf(bill) !== "expired") return void res.redirect(303, `/?lang=${lang(req)}`);
      const taken = await desk.take({
        amount: bill.amount,
        customerName: bill.customer_name,
        customerEmail: bill.customer_email ?? undefined,
        expiresInMinutes: 60,
        method: bill.method,
      });
      if (!taken.ok && taken.outcome === "refused")
        return void res
          .status(502)
          .type("html")
          .send(orderForm(lang(req), defaultMethod, methods, taken.error.message));
      res.redirect(303, `/orders/${encodeURIComponent(taken.bill.invoice_number)}?lang=${lang(req)}`);
    } catch (error) {
      next(error);
    }
  });

  return app;
}

module.exports = { createMerchantApp, readOrder };
