"use strict";
const { join } = require("node:path");
const { createMerchantApp } = require("./app");
const { createBillBook } = require("./bills");
const { openDatabase } = require("./database");

// Development defaults only: in production all of these come from the environment.
const clientId = process.env.DOKU_CLIENT_ID || "MCH-0001-DEVELOPMENT";
const secretKey = process.env.DOKU_SECRET_KEY || "SK-DEVELOPMENT-ONLY";
const databasePath = process.env.DATABASE_PATH || join(__dirname, "data", "merchant.sqlite");
const port = Number(process.env.PORT ?? 3000);

const db = openDatabase(databasePath);
const app = createMerchantApp({
  clientId,
  secretKey,
  bills: createBillBook(db),
  onEvent: (e) => console.log(JSON.stringify({ router: e.router, reason: e.reason, status: e.statusCode, requestId: e.requestId, ms: Math.round(e.durationMs), detail: e.detail })),
});

const server = app.listen(port, "127.0.0.1", () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  const keyShown = process.env.DOKU_SECRET_KEY ? "<your secret key>" : secretKey;
  console.log(`Example merchant listening on ${base} (database ${databasePath})`);
  console.log(`Open ${base}/ to create an order, or: curl -s -X POST ${base}/api/orders -H 'Content-Type: application/json' -d '{"amount":150000,"customer_name":"Ani"}'`);
  console.log(`Then pay it: DOKU_SECRET_KEY=${keyShown} npx express-doku simulate pay --inquiry-url ${base}/doku/inquiry --notify-url ${base}/doku/notify --client-id ${clientId} --payment-code <payment_code>`);
});

function shutdown() {
  server.close(() => {
    db.close();
    process.exit(0);
  });
  server.closeAllConnections();
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
