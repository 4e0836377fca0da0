"use strict";
// kyselyInbox over Kysely's PostgresDialect on a pg Pool; the order written with the Transaction.
const { Pool } = require("pg");
const { Kysely, PostgresDialect, sql } = require("kysely");
const { kyselyInbox } = require("express-doku/kysely");

exports.database = async function database({ DATABASE, POOL_MAX, LOCK_TIMEOUT_MS }) {
  const pool = new Pool({ connectionString: DATABASE, max: Number(POOL_MAX ?? 10), connectionTimeoutMillis: 2000 });
  // An idle client's "error" comes to the pool; a lent one's the inbox hears, given the pool.
  pool.on("error", () => undefined);
  const db = new Kysely({ dialect: new PostgresDialect({ pool }) });
  return {
    inbox: kyselyInbox({ db, pool, lockTimeoutMs: Number(LOCK_TIMEOUT_MS ?? 5000) }),
    setup: () =>
      pool.query(
        "BEGIN; SELECT pg_advisory_xact_lock(1); CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL, pid INTEGER NOT NULL); COMMIT",
      ),
    markPaid: (trx, invoice) => trx.insertInto("paid_orders").values({ invoice, pid: process.pid }).execute(),
    // A statement that fails, its error caught: PostgreSQL then turns the COMMIT into a ROLLBACK.
    failInside: (trx) => sql`SELECT * FROM no_such_table`.execute(trx).catch(() => undefined),
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
};
