// @ts-check
// A Hono shop on Node.js that answers DOKU: the Direct Inquiry a cashier's till sends about a
// payment code, and the payment notification that follows. `node server.mjs`; README.md says how to pay.
import { serve } from "@hono/node-server";
import { createInquiryHandler, createNotificationHandler } from "express-doku/fetch";
import { Hono } from "hono";

import { findByInvoice, findByPaymentCode, markPaid } from "./orders.mjs";

/** A variable, or its development default where NODE_ENV is not production. @param {string} name @param {string} development */
function setting(name, development) {
  const value = process.env[name];
  if (value) return value;
  if (process.env.NODE_ENV === "production") throw new Error(`set ${name} to the value from DOKU's Back Office`);
  return development;
}
const clients = [
  {
    clientId: setting("DOKU_CLIENT_ID", "MCH-0001-DEVELOPMENT"),
    secretKeys: [setting("DOKU_SECRET_KEY", "SK-DEVELOPMENT-ONLY")],
  },
];

/** One JSON line: a log line cannot be split or forged by what it quotes. @param {Record<string, unknown>} line */
const log = (line) => console.log(JSON.stringify({ time: new Date().toISOString(), ...line }));
/** Every request DOKU makes, with its reason. @param {import("express-doku").DokuEvent} event */
const onEvent = ({ error, ...event }) => log({ ...event, error: error instanceof Error ? error.message : error });

const inquiry = createInquiryHandler({
  clients,
  onEvent,
  lookupPaymentCode: (paymentCode) => {
    const order = findByPaymentCode(paymentCode);
    if (order === undefined) return { status: "billing_not_found" };
    const bill = { invoice_number: order.invoice, amount: order.amount };
    if (order.paidAt !== undefined) return { status: "billing_already_paid", order: bill };
    if (order.expiresAt <= Date.now()) return { status: "billing_was_expired", order: bill };
    return { status: "success", order: bill, customer: { name: order.customerName } };
  },
});
const notify = createNotificationHandler({
  clients,
  onEvent,
  // Runs once per payment: a retry or a duplicate of it is answered without calling this again.
  onPayment: (notification, ctx) => {
    if (notification.transaction.status !== "SUCCESS") return;
    const invoice = notification.order.invoice_number;
    const order = findByInvoice(invoice);
    // Not ours: a 200 all the same (a 500 would bring DOKU back for 12 hours), and look into it.
    if (order === undefined) return log({ level: "warn", msg: "payment for an unknown invoice", invoice });
    // A 500: DOKU retries, and you look at why the amounts differ.
    if (order.amount !== notification.order.amount) throw new Error(`amount mismatch on ${invoice}`);
    log({ level: "info", msg: "order paid", invoice, paidNow: markPaid(order), requestId: ctx.requestId });
  },
});

const app = new Hono();
// The request as it came (`c.req.raw`), its body unread: the handler checks the signature over its bytes.
app.post("/doku/inquiry", (c) => inquiry(c.req.raw));
app.post("/doku/notify", (c) => notify(c.req.raw));
app.get("/orders/:invoice", (c) => {
  const order = findByInvoice(c.req.param("invoice"));
  if (order === undefined) return c.json({ error: "no such order" }, 404);
  const { invoice, amount, paidAt } = order;
  return c.json({ invoice, amount, state: paidAt === undefined ? "pending" : "paid", paid_at: paidAt ?? null });
});

const hostname = process.env.HOST ?? "127.0.0.1";
serve({ fetch: app.fetch, hostname, port: Number(process.env.PORT ?? 3000) }, ({ port }) => {
  const url = `http://${hostname}:${port}`;
  log({ level: "info", msg: `DOKU calls ${url}/doku/inquiry and ${url}/doku/notify` });
});
