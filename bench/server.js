"use strict";
// One bench server, in its own process: `node bench/server.js baseline|inquiry|notification`.
const express = require("express");
// BENCH_DIST: another build to compare against (a path to its dist/index.js), for diagnosis.
const { createInquiryRouter, createNotificationRouter, createMemoryStore } = require(process.env.BENCH_DIST || "express-doku");
const { CLIENT_ID, SECRET, INQUIRY_PATH, NOTIFY_PATH, PAYMENT_CODE } = require("./fixtures");

const clients = [{ clientId: CLIENT_ID, secretKeys: [SECRET] }];
const app = express();
const which = process.argv[2];

if (which === "baseline") {
  // The naive endpoint merchants write today: parsed body, no signature, res.json.
  const answer = {
    order: { invoice_number: "INV-BENCH-0001", amount: 150000 },
    online_to_offline_info: { payment_code: PAYMENT_CODE, info: "Toko Demo" },
    online_to_offline_inquiry: { status: "success" },
    customer: { name: "Budi Santoso", email: "budi@example.com" },
    additional_info: {},
  };
  app.use(express.json());
  app.post(INQUIRY_PATH, (req, res) => {
    res.json({
      ...answer,
      online_to_offline_info: { ...answer.online_to_offline_info, payment_code: req.body.online_to_offline_info.payment_code },
    });
  });
} else if (which === "inquiry") {
  const bills = new Map([[PAYMENT_CODE, { invoice_number: "INV-BENCH-0001", amount: 150000 }]]);
  app.use(
    createInquiryRouter({
      path: INQUIRY_PATH,
      clients,
      // Diagnosis only: BENCH_MAX_ENTRIES shrinks the replay store to see what holding it costs.
      ...(process.env.BENCH_MAX_ENTRIES ? { store: createMemoryStore({ maxEntries: Number(process.env.BENCH_MAX_ENTRIES) }) } : {}),
      // Diagnosis only: BENCH_NOOP_STORE keeps nothing, to see what the replay store costs.
      ...(process.env.BENCH_NOOP_STORE
        ? {
            store: {
              claim: async () => ({ state: "claimed", token: "t" }),
              complete: async () => true,
              release: async () => true,
              renew: async () => true,
            },
          }
        : {}),
      lookupPaymentCode: async (code) => {
        const order = bills.get(code);
        if (!order) return { status: "billing_not_found" };
        return { status: "success", order, customer: { name: "Budi Santoso", email: "budi@example.com" }, info: "Toko Demo" };
      },
    }),
  );
} else if (which === "notification") {
  let paid = 0;
  app.use(
    createNotificationRouter({
      path: NOTIFY_PATH,
      clients,
      onPayment: async () => {
        paid++;
      },
    }),
  );
  app.get("/paid", (_req, res) => res.json({ paid }));
} else {
  throw new Error(`unknown bench server ${which}`);
}

// For diagnosis: heap figures after a full collection (with --expose-gc).
app.get("/memory", (_req, res) => {
  if (global.gc) global.gc();
  const m = process.memoryUsage();
  res.json({
    rssMb: m.rss / 2 ** 20,
    heapUsedMb: m.heapUsed / 2 ** 20,
    heapTotalMb: m.heapTotal / 2 ** 20,
    externalMb: m.external / 2 ** 20,
    arrayBuffersMb: m.arrayBuffers / 2 ** 20,
  });
});

const server = app.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
