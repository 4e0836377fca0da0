"use strict";
// No inbox: the Redis store's lease, and the order written as the README's store section says,
// in a transaction of its own. For the test of the window between that commit and the store's record.
const Redis = require("ioredis");
const { Pool } = require("pg");
const { createRedisStore } = require("express-doku");

exports.database = async function database({ DATABASE, REDIS_URL, PREFIX }) {
  const pool = new Pool({ connectionString: DATABASE, max: 4 });
  pool.on("error", () => undefined);
  const client = new Redis(REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  await new Promise((ready) => client.once("ready", ready));
  return {
    inbox: undefined,
    store: createRedisStore({ client, prefix: PREFIX }),
    setup: () =>
      pool.query(
        "BEGIN; SELECT pg_advisory_xact_lock(1); CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL, pid INTEGER NOT NULL); COMMIT",
      ),
    markPaid: (_none, invoice) =>
      pool.query("INSERT INTO paid_orders (invoice, pid) VALUES ($1, $2)", [invoice, process.pid]),
    failInside: async () => undefined,
    pool: () => ({}),
  };
};
