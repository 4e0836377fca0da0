"use strict";
// knexInbox over Knex's pg client; the order written with the Knex.Transaction's query builder.
const knex = require("knex");
const { knexInbox } = require("express-doku/knex");

// Knex logs on stdout, where the app's lines are JSON for the test to read.
const log = { warn: console.error, error: console.error, deprecate: console.error, debug: console.error };

exports.database = async function database({ DATABASE, POOL_MAX, LOCK_TIMEOUT_MS }) {
  const db = knex({
    log,
    client: "pg",
    connection: DATABASE,
    pool: { min: 0, max: Number(POOL_MAX ?? 10) },
    acquireConnectionTimeout: 2000,
  });
  return {
    inbox: knexInbox({ knex: db, lockTimeoutMs: Number(LOCK_TIMEOUT_MS ?? 5000) }),
    // Two apps starting at once: the lock keeps their CREATE TABLEs apart.
    setup: () =>
      db.raw(
        "BEGIN; SELECT pg_advisory_xact_lock(1); CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL, pid INTEGER NOT NULL); COMMIT",
      ),
    markPaid: (trx, invoice) => trx("paid_orders").insert({ invoice, pid: process.pid }),
    // A statement that fails, its error caught: PostgreSQL then turns the COMMIT into a ROLLBACK.
    failInside: (trx) => trx.raw("SELECT * FROM no_such_table").catch(() => undefined),
    pool: () => {
      const pool = db.client.pool;
      return { total: pool.numUsed() + pool.numFree(), idle: pool.numFree(), waiting: pool.numPendingAcquires() };
    },
  };
};
