"use strict";
const { createMerchantApp } = require("./app");

// Development defaults only: production takes both from the environment.
const clientId = process.env.DOKU_CLIENT_ID || "MCH-0001-DEVELOPMENT";
const secretKey = process.env.DOKU_SECRET_KEY || "SK-DEVELOPMENT-ONLY";
const port = Number(process.env.PORT || 3000);

const app = createMerchantApp({
  clientId,
  secretKey,
  onEvent: (e) => console.log(JSON.stringify({ router: e.router, reason: e.reason, status: e.statusCode, requestId: e.requestId, ms: Math.round(e.durationMs), detail: e.detail })),
});

const server = app.listen(port, "127.0.0.1", () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  console.log(`Example merchant listening on ${base}`);
  console.log(`Create an order:  curl -s -X POST ${base}/api/orders -H 'Content-Type: application/json' -d '{"amount":150000,"customer_name":"Ani"}'`);
  console.log(`Then pay it:      DOKU_SECRET_KEY=${process.env.DOKU_SECRET_KEY ? "<your key>" : secretKey} npx express-doku simulate pay --inquiry-url ${base}/doku/inquiry --notify-url ${base}/doku/notify --client-id ${clientId} --payment-code <payment_code>`);
});

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
