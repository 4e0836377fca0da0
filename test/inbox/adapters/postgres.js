"use strict";
// postgresInbox over a pg Pool; the order written with the PoolClient inside BEGIN.
const { Pool } = require("pg");
const { postgresInbox } = require("express-doku/postgres");

exports.database = async function database({ DATABASE, POOL_MAX, LOCK_TIMEOUT_MS }) {
  const pool = new Pool({ connectionString: DATABASE, max: Number(POOL_MAX ?? 10), connectionTimeoutMillis: 2000 });
  pool.on("error", () => undefined);
  return {
    inbox: postgresInbox({ pool, lockTimeoutMs: Number(LOCK_TIMEOUT_MS ?? 5000) }),
    // Two apps starting at once: the lock keeps their CREATE TABLEs apart (both at once can fail on the catalog).
    setup: () =>
      pool.query(
        "BEGIN; SELECT pg_advisory_xact_lock(1); CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL, pid INTEGER NOT NULL); COMMIT",
      ),
    markPaid: (tx, invoice) =>
      tx.query("INSERT INTO paid_orders (invoice, pid) VALUES ($1, $2)", [invoice, process.pid]),
    // A statement that fails, its error caught: PostgreSQL then turns the COMMIT into a ROLLBACK.
    failInside: (tx) => tx.query("SELECT * FROM no_such_table").catch(() => undefined),
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
};
