"use strict";
// One app process for the inbox battery: a node:http server whose notification router records
// each notification in the database given (ADAPTER, DATABASE) and marks the order paid inside
// the same transaction. Prints {"port":…} once listening, then one JSON line per event.
const { createServer } = require("node:http");
const { createNotificationRouter } = require("express-doku");

const { ADAPTER, CLIENT_ID, SECRET, TIMEOUT_MS, SLOW_MS } = process.env;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const failedOnce = new Set();

async function main() {
  // test/inbox/adapters/<ADAPTER>.js: the adapter's inbox, and how the app writes an order inside ctx.transaction.
  const db = await require(`./adapters/${ADAPTER}.js`).database(process.env);
  if (process.env.MIGRATE !== "no") await db.inbox?.migrate();
  await db.setup();
  const router = createNotificationRouter({
    path: "/doku/notification",
    clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }],
    // An adapter without an inbox gives a store: the lease, for the test of its window.
    ...(db.inbox ? { inbox: db.inbox } : { store: db.store, leaseMs: 3000 }),
    timeoutMs: Number(TIMEOUT_MS ?? 30000),
    onEvent: (e) =>
      process.stdout.write(
        JSON.stringify({ event: { ...e, error: e.error === undefined ? undefined : String(e.error) } }) + "\n",
      ),
    async onPayment(notification, ctx) {
      const invoice = notification.order.invoice_number;
      await db.markPaid(ctx.transaction, invoice);
      if (invoice.startsWith("INV-SLOW-")) await sleep(Number(SLOW_MS ?? 300));
      // Paid inside the transaction, then stuck (in the process started with HANG=yes): the test kills it here.
      if (invoice.startsWith("INV-HANG-") && process.env.HANG === "yes") await sleep(600_000);
      if (invoice.startsWith("INV-FLAKY-") && !failedOnce.has(invoice)) {
        failedOnce.add(invoice);
        throw new Error("the order service is down");
      }
      // Catches its own failed statement: PostgreSQL then turns the COMMIT into a ROLLBACK.
      if (invoice.startsWith("INV-SWALLOW-")) await db.failInside(ctx.transaction);
    },
  });
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/pool") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(db.pool()));
      return;
    }
    router(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n"));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
