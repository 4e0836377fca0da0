// @ts-check
// A Fastify 5 shop that answers DOKU: the Direct Inquiry a cashier's till sends about a payment
// code, and the payment notification that follows. `node server.mjs`; README.md says how to pay.
import { dokuInquiry, dokuNotification } from "express-doku/fastify";
import Fastify from "fastify";

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

const app = Fastify({ logger: true });
/** Every request DOKU makes, one log line with its reason. @param {import("express-doku").DokuEvent} event */
const onEvent = ({ level, detail, ...event }) => app.log[level](event, detail);

// Each plugin reads the raw body itself, in a context of its own: register them as they are.
await app.register(dokuInquiry, {
  path: "/doku/inquiry",
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
await app.register(dokuNotification, {
  path: "/doku/notify",
  clients,
  onEvent,
  // Runs once per payment: a retry or a duplicate of it is answered without calling this again.
  onPayment: (notification, ctx) => {
    if (notification.transaction.status !== "SUCCESS") return;
    const invoice = notification.order.invoice_number;
    const order = findByInvoice(invoice);
    // Not ours: a 200 all the same (a 500 would bring DOKU back for 12 hours), and look into it.
    if (order === undefined) return ctx.req.log.warn({ invoice }, "payment for an unknown invoice");
    // A 500: DOKU retries, and you look at why the amounts differ.
    if (order.amount !== notification.order.amount) throw new Error(`amount mismatch on ${invoice}`);
    ctx.req.log.info({ invoice, paidNow: markPaid(order) }, "order paid");
  },
});

// The app's own routes keep Fastify's parsers.
app.get("/orders/:invoice", async (request, reply) => {
  const order = findByInvoice(/** @type {{ invoice: string }} */ (request.params).invoice);
  if (order === undefined) return reply.code(404).send({ error: "no such order" });
  const { invoice, amount, paidAt } = order;
  return { invoice, amount, state: paidAt === undefined ? "pending" : "paid", paid_at: paidAt ?? null };
});

const url = await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? "127.0.0.1" });
app.log.info(`DOKU calls ${url}/doku/inquiry and ${url}/doku/notify`);
