"use strict";
// One app instance for the several-machines tests: its own process and port, Redis shared.
const { appendFileSync } = require("node:fs");
const express = require("express");
const Redis = require("ioredis");
const { createInquiryRouter, createNotificationRouter, createRedisStore } = require("express-doku");

const { REDIS_URL, REDIS_CLUSTER, PREFIX, LEDGER, STARTS, CLIENT_ID, SECRET, HANDLER_MS, LEASE_MS, TIMEOUT_MS } =
  process.env;
const clients = [{ clientId: CLIENT_ID, secretKeys: [SECRET] }];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const STORE_OPTIONS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  enableAutoPipelining: true,
};
// REDIS_CLUSTER: "host:port,host:port,…", the store unchanged on an ioredis Cluster.
const client = REDIS_CLUSTER
  ? new Redis.Cluster(
      REDIS_CLUSTER.split(",").map((node) => ({ host: node.split(":")[0], port: Number(node.split(":")[1]) })),
      { enableOfflineQueue: false, redisOptions: STORE_OPTIONS },
    )
  : new Redis(REDIS_URL, STORE_OPTIONS);
const store = createRedisStore({ client, prefix: PREFIX });

const app = express();
app.use(
  createInquiryRouter({
    path: "/doku/inquiry",
    clients,
    store,
    async lookupPaymentCode(code) {
      await sleep(30);
      return {
        status: "success",
        order: { invoice_number: `INV-${code}`, amount: 1000 },
        customer: { name: `pid ${process.pid}` },
      };
    },
  }),
);
app.use(
  createNotificationRouter({
    path: "/doku/notify",
    clients,
    store,
    ...(LEASE_MS ? { leaseMs: Number(LEASE_MS) } : {}),
    ...(TIMEOUT_MS ? { timeoutMs: Number(TIMEOUT_MS) } : {}),
    async onPayment(n) {
      if (STARTS) appendFileSync(STARTS, `${process.pid} ${n.order.invoice_number}\n`);
      await sleep(Number(HANDLER_MS ?? 100));
      appendFileSync(LEDGER, `${process.pid} ${n.order.invoice_number}\n`);
    },
  }),
);

client.once("ready", () => {
  const server = app.listen(0, "127.0.0.1", () =>
    process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`),
  );
  process.on("SIGTERM", () => {
    server.close();
    client.disconnect();
  });
});
