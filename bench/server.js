"use strict";
// One bench server, in its own process: `node bench/server.js <kind>`, kind one of SERVERS below.
// BENCH_STORE=redis with BENCH_REDIS_URL puts the routers on the Redis store; BENCH_STORE=postgres
// with BENCH_POSTGRES_URL, or sqlite with BENCH_SQLITE_FILE, the notification router on that inbox.
const { createServer } = require("node:http");
const { dirname, join } = require("node:path");
const express = require("express");
// BENCH_DIST: another build to compare against (a path to its dist/index.js), for a paired figure.
const { createInquiryRouter, createNotificationRouter, createMemoryStore, createRedisStore } = require(
  process.env.BENCH_DIST || "express-doku",
);
/** One of the package's subpath entries (`fetch`, `postgres`, …), of BENCH_DIST's build when given. */
const entry = (name) => (process.env.BENCH_DIST ? join(dirname(process.env.BENCH_DIST), name) : `express-doku/${name}`);
const fetchEntry = () => require(entry("fetch"));
const { benchInbox } = require("./inboxes");
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

// The baselines' ~300-byte answer: what the inquiry answers, with the payment code read from the body.
const answerFor = (parsed) => ({
  order,
  online_to_offline_info: { payment_code: parsed.online_to_offline_info.payment_code, info: "Toko Demo" },
  online_to_offline_inquiry: { status: "success" },
  customer,
  additional_info: {},
});

// What a merchant would otherwise mount for the inquiry: parsed body, no signature, res.json
// of the same answer. `etag`: Express's default, an ETag computed for every answer.
function baseline(app, { etag }) {
  if (!etag) app.set("etag", false);
  app.use(express.json());
  app.post(INQUIRY_PATH, (req, res) => {
    res.json(answerFor(req.body));
  });
}

// The same work by hand, as a merchant following DOKU's page writes it: the raw bytes, their
// digest and the HMAC over DOKU's string to sign compared with timingSafeEqual, JSON.parse, the
// answer built, its digest and signature, res.set of the signed headers, res.status().send().
function byHand(app) {
  app.set("etag", false);
  const { createHash, createHmac, timingSafeEqual } = require("node:crypto");
  const sha256 = (bytes) => createHash("sha256").update(bytes).digest("base64");
  const hmac = (text) => `HMACSHA256=${createHmac("sha256", SECRET).update(text).digest("base64")}`;
  const stringToSign = (clientId, requestId, timestampLine, target, digest) =>
    `Client-Id:${clientId}\nRequest-Id:${requestId}\n${timestampLine}\nRequest-Target:${target}\nDigest:${digest}`;
  app.post(INQUIRY_PATH, express.raw({ type: "application/json" }), (req, res) => {
    const clientId = req.get("Client-Id");
    const requestId = req.get("Request-Id");
    const expected = hmac(
      stringToSign(
        clientId,
        requestId,
        `Request-Timestamp:${req.get("Request-Timestamp")}`,
        req.path,
        sha256(req.body),
      ),
    );
    const received = Buffer.from(req.get("Signature") ?? "");
    if (
      clientId !== CLIENT_ID ||
      received.length !== expected.length ||
      !timingSafeEqual(Buffer.from(expected), received)
    ) {
      res.status(401).send({ online_to_offline_inquiry: { status: "invalid_signature" } });
      return;
    }
    const body = JSON.stringify(answerFor(JSON.parse(req.body.toString("utf8"))));
    const timestamp = new Date().toISOString().slice(0, 19) + "Z";
    res.set({
      "Client-Id": clientId,
      "Request-Id": requestId,
      "Response-Timestamp": timestamp,
      Signature: hmac(stringToSign(clientId, requestId, `Response-Timestamp:${timestamp}`, req.path, sha256(body))),
      "Content-Type": "application/json",
    });
    res.status(200).send(body);
  });
}

// The floor under every node:http case: the body read with `data`/`end`, JSON.parse, the same answer in one `end`.
function httpBaseline(req, res) {
  if (req.method !== "POST" || req.url !== INQUIRY_PATH) {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    let json;
    try {
      json = JSON.stringify(answerFor(JSON.parse(Buffer.concat(chunks).toString())));
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(json),
    });
    res.end(json);
  });
}

let redisReady;

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
  // Without the offline queue a command sent before the connection is up fails: the server listens once it is.
  redisReady = new Promise((resolve) => client.once("ready", resolve));
  // BENCH_REDIS_TIMEOUT_MS: a longer operation timeout than the default 1 s, for a server slowed down by valgrind.
  const operationTimeoutMs = process.env.BENCH_REDIS_TIMEOUT_MS
    ? Number(process.env.BENCH_REDIS_TIMEOUT_MS)
    : undefined;
  return { store: createRedisStore({ client, operationTimeoutMs }) };
}

// Diagnosis only, in both routers: BENCH_MAX_ENTRIES shrinks the store to see what holding it costs.
const stores = () => ({
  ...store(),
  ...(process.env.BENCH_MAX_ENTRIES
    ? { store: createMemoryStore({ maxEntries: Number(process.env.BENCH_MAX_ENTRIES) }) }
    : {}),
});

// The same options for the router, the node:http handler and the fetch handler.
function inquiryOptions() {
  const bills = new Map([[PAYMENT_CODE, order]]);
  return {
    path: INQUIRY_PATH,
    clients,
    ...stores(),
    lookupPaymentCode: async (code) => {
      const found = bills.get(code);
      if (!found) return { status: "billing_not_found" };
      return { status: "success", order: found, customer, info: "Toko Demo" };
    },
  };
}

let paid = 0;
// On an inbox, onPayment writes one row inside ctx.transaction; on a store it counts.
async function notificationOptions() {
  const db = await benchInbox(entry);
  const common = { path: NOTIFY_PATH, clients };
  if (db === undefined) {
    return {
      ...common,
      ...stores(),
      onPayment: async () => {
        paid++;
      },
    };
  }
  return {
    ...common,
    inbox: db.inbox,
    onPayment: async (n, ctx) => {
      await db.markPaid(ctx.transaction, n, ctx.requestId);
      paid++;
    },
  };
}

// For diagnosis: heap figures after a full collection (with --expose-gc).
function memory(res) {
  if (global.gc) global.gc();
  const m = process.memoryUsage();
  const json = JSON.stringify({
    rssMb: m.rss / 2 ** 20,
    heapUsedMb: m.heapUsed / 2 ** 20,
    externalMb: m.external / 2 ** 20,
    arrayBuffersMb: m.arrayBuffers / 2 ** 20,
  });
  res.writeHead(200, { "Content-Type": "application/json" }).end(json);
}

/** @octokit/webhooks' `createNodeMiddleware` or `createWebMiddleware`, counting the `ping`s it verified. */
async function octokitMiddleware(kind) {
  const octokit = await import("@octokit/webhooks");
  const webhooks = new octokit.Webhooks({ secret: OCTOKIT_SECRET });
  webhooks.on("ping", () => {
    paid++;
  });
  return octokit[kind](webhooks, { path: OCTOKIT_PATH });
}

/** An Express app built by `build`, with the diagnosis routes. */
async function expressApp(build) {
  const app = express();
  await build(app);
  app.get("/memory", (_req, res) => memory(res));
  app.get("/paid", (_req, res) => res.json({ paid }));
  return app;
}

/** A node:http listener with the diagnosis route in front: one string compare per request. */
const plain = (listener) => (req, res) => (req.url === "/memory" ? memory(res) : listener(req, res));

/** The router on http.createServer, as the README shows it: `next()` is another path's 404. */
function httpRouter(router) {
  return plain((req, res) =>
    router(req, res, (error) => {
      res.writeHead(error ? 500 : 404).end();
    }),
  );
}

/**
 * The fetch handler behind Node's own http server, bridged by @hono/node-server's
 * getRequestListener: the server is ours as in the node:http cases, the listener turns each
 * IncomingMessage into a Request (its body a stream read only when pulled) and the Response back.
 */
function fetchServer(handler) {
  const { getRequestListener } = require("@hono/node-server");
  return plain(getRequestListener(handler));
}

const SERVERS = {
  baseline: () => expressApp((app) => baseline(app, { etag: false })),
  "baseline-etag": () => expressApp((app) => baseline(app, { etag: true })),
  "baseline-http": () => plain(httpBaseline),

  // @octokit/webhooks' Node middleware in Express: verifies X-Hub-Signature-256, parses, emits.
  octokit: () => expressApp(async (app) => app.use(await octokitMiddleware("createNodeMiddleware"))),

  "by-hand": () => expressApp(byHand),
  // octokit's middleware on node:http alone (it answers 404 off its path), and its web
  // middleware behind the same bridge as the fetch handlers.
  "octokit-http": async () => plain(await octokitMiddleware("createNodeMiddleware")),
  "octokit-fetch": async () => fetchServer(await octokitMiddleware("createWebMiddleware")),

  // Stripe's documented route: express.raw, constructEvent, res.json.
  stripe: () =>
    expressApp((app) => {
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
    }),

  inquiry: () => expressApp((app) => app.use(createInquiryRouter(inquiryOptions()))),
  // The same router with every observability sink attached; loaded here only, so no other case holds the SDKs.
  "inquiry-observed": () => {
    const { observeEverything } = require("./observability");
    const observed = observeEverything(entry);
    return expressApp((app) => {
      app.get("/observed", async (_req, res) => res.json(await observed.report()));
      app.use(createInquiryRouter({ ...inquiryOptions(), ...observed.options }));
    });
  },
  notification: () => expressApp(async (app) => app.use(createNotificationRouter(await notificationOptions()))),
  "inquiry-http": () => httpRouter(createInquiryRouter(inquiryOptions())),
  "notification-http": async () => httpRouter(createNotificationRouter(await notificationOptions())),
  "inquiry-fetch": () => fetchServer(fetchEntry().createInquiryHandler(inquiryOptions())),
  "notification-fetch": async () => fetchServer(fetchEntry().createNotificationHandler(await notificationOptions())),
};

async function main() {
  const which = process.argv[2];
  const build = SERVERS[which];
  if (build === undefined) throw new Error(`unknown bench server ${which}`);
  const server = createServer(await build());
  await redisReady;
  server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
