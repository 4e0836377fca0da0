"use strict";
// drizzleInbox over Drizzle's node-postgres driver on a pg Pool; the order written with the transaction.
const { Pool } = require("pg");
const { sql } = require("drizzle-orm");
const { drizzle } = require("drizzle-orm/node-postgres");
const { integer, pgTable, text } = require("drizzle-orm/pg-core");
const { drizzleInbox } = require("express-doku/drizzle");

const paidOrders = pgTable("paid_orders", { invoice: text("invoice").notNull(), pid: integer("pid").notNull() });

exports.database = async function database({ DATABASE, POOL_MAX, LOCK_TIMEOUT_MS }) {
  const pool = new Pool({ connectionString: DATABASE, max: Number(POOL_MAX ?? 10), connectionTimeoutMillis: 2000 });
  // An idle client's "error" comes to the pool; a lent one's the inbox hears (through db.$client).
  pool.on("error", () => undefined);
  const db = drizzle(pool);
  return {
    inbox: drizzleInbox({ db, lockTimeoutMs: Number(LOCK_TIMEOUT_MS ?? 5000) }),
    setup: () =>
      pool.query(
        "BEGIN; SELECT pg_advisory_xact_lock(1); CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL, pid INTEGER NOT NULL); COMMIT",
      ),
    markPaid: (tx, invoice) => tx.insert(paidOrders).values({ invoice, pid: process.pid }),
    // A statement that fails, its error caught: PostgreSQL then turns the COMMIT into a ROLLBACK.
    failInside: (tx) => tx.execute(sql`SELECT * FROM no_such_table`).catch(() => undefined),
    pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
};
