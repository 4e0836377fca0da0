"use strict";
// One bench server, in its own process: `node bench/server.js <kind>`, kind one of SERVERS below.
// BENCH_STORE=redis with BENCH_REDIS_URL puts the routers on the Redis store.
const express = require("express");
// BENCH_DIST: another build to compare against (a path to its dist/index.js), for a paired figure.
const { createInquiryRouter, createNotificationRouter, createMemoryStore, createRedisStore } = require(
  process.env.BENCH_DIST || "express-doku",
);
const {
  CLIENT_ID,
  SECRET,
  INQUIRY_PATH,
  NOTIFY_PATH,
  OCTOKIT_PATH,
  STRIPE_PATH,
  OCTOKIT_SECRET,
  STRIPE_SECRET,
  PAYMENT_CODE,
} = require("./fixtures");

const clients = [{ clientId: CLIENT_ID, secretKeys: [SECRET] }];
const order = { invoice_number: "INV-BENCH-0001", amount: 150000 };
const customer = { name: "Budi Santoso", email: "budi@example.com" };

// What a merchant would otherwise mount for the inquiry: parsed body, no signature, res.json
// of the same ~300-byte answer. `etag`: Express's default, an ETag computed for every answer.
function baseline(app, { etag }) {
  if (!etag) app.set("etag", false);
  const answer = {
    order,
    online_to_offline_info: { payment_code: PAYMENT_CODE, info: "Toko Demo" },
    online_to_offline_inquiry: { status: "success" },
    customer,
    additional_info: {},
  };
  app.use(express.json());
  app.post(INQUIRY_PATH, (req, res) => {
    res.json({
      ...answer,
      online_to_offline_info: {
        ...answer.online_to_offline_info,
        payment_code: req.body.online_to_offline_info.payment_code,
      },
    });
  });
}

// The store for the routers: the default memory store, or Redis with the README's client settings.
function store() {
  if (process.env.BENCH_STORE !== "redis") return {};
  const Redis = require("ioredis");
  const client = new Redis(process.env.BENCH_REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // BENCH_AUTO_PIPELINING=0: without it, for the paired figure of what it buys.
    enableAutoPipelining: process.env.BENCH_AUTO_PIPELINING !== "0",
  });
  // Failed commands surface in the router's events; a lost connection at shutdown is not news.
  client.on("error", () => {});
  return { store: createRedisStore({ client }) };
}

const SERVERS = {
  baseline: (app) => baseline(app, { etag: false }),
  "baseline-etag": (app) => baseline(app, { etag: true }),

  // @octokit/webhooks' Node middleware in Express: verifies X-Hub-Signature-256, parses, emits.
  async octokit(app) {
    const { Webhooks, createNodeMiddleware } = await import("@octokit/webhooks");
    const webhooks = new Webhooks({ secret: OCTOKIT_SECRET });
    let pings = 0;
    webhooks.on("ping", () => {
      pings++;
    });
    app.use(createNodeMiddleware(webhooks, { path: OCTOKIT_PATH }));
    app.get("/pings", (_req, res) => res.json({ pings }));
  },

  // Stripe's documented route: express.raw, constructEvent, res.json.
  stripe(app) {
    app.set("etag", false);
    const stripe = require("stripe")("sk_test_bench_fake");
    app.post(STRIPE_PATH, express.raw({ type: "application/json" }), (req, res) => {
      let event;
      try {
        event = stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"], STRIPE_SECRET);
      } catch (error) {
        res.status(400).json({ error: error.message });
        return;
      }
      res.json({ received: true, id: event.id });
    });
  },

  // Diagnosis only, in both routers: BENCH_MAX_ENTRIES shrinks the store to see what holding it costs.
  inquiry(app) {
    const bills = new Map([[PAYMENT_CODE, order]]);
    app.use(
      createInquiryRouter({
        path: INQUIRY_PATH,
        clients,
        ...store(),
        ...(process.env.BENCH_MAX_ENTRIES
          ? { store: createMemoryStore({ maxEntries: Number(process.env.BENCH_MAX_ENTRIES) }) }
          : {}),
        lookupPaymentCode: async (code) => {
          const found = bills.get(code);
          if (!found) return { status: "billing_not_found" };
          return { status: "success", order: found, customer, info: "Toko Demo" };
        },
      }),
    );
  },

  notification(app) {
    let paid = 0;
    app.use(
      createNotificationRouter({
        path: NOTIFY_PATH,
        clients,
        ...store(),
        ...(process.env.BENCH_MAX_ENTRIES
          ? { store: createMemoryStore({ maxEntries: Number(process.env.BENCH_MAX_ENTRIES) }) }
          : {}),
        onPayment: async () => {
          paid++;
        },
      }),
    );
    app.get("/paid", (_req, res) => res.json({ paid }));
  },
};

async function main() {
  const which = process.argv[2];
  const build = SERVERS[which];
  if (build === undefined) throw new Error(`unknown bench server ${which}`);
  const app = express();
  await build(app);
  // For diagnosis: heap figures after a full collection (with --expose-gc).
  app.get("/memory", (_req, res) => {
    if (global.gc) global.gc();
    const m = process.memoryUsage();
    res.json({
      rssMb: m.rss / 2 ** 20,
      heapUsedMb: m.heapUsed / 2 ** 20,
      externalMb: m.external / 2 ** 20,
      arrayBuffersMb: m.arrayBuffers / 2 ** 20,
    });
  });
  const server = app.listen(0, "127.0.0.1", () =>
    process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`),
  );
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
