"use strict";
// The notification router's inbox in a bench server (BENCH_STORE=postgres or sqlite): the
// package's adapter on the database bench/run.js started, its tables made, and what onPayment
// writes inside ctx.transaction: one row per payment, as a merchant marks an order paid.
const { BENCH_TABLES } = require("./fixtures");

const { inbox: INBOX, paid: PAID } = BENCH_TABLES;

// postgresInbox over a pg Pool of pg's default size (10; BENCH_POOL_MAX for another): each
// notification holds one connection from BEGIN to COMMIT, the others wait for one in the pool.
async function postgres(entry) {
  const { Pool } = require("pg");
  const { postgresInbox } = require(entry("postgres"));
  const pool = new Pool({
    connectionString: process.env.BENCH_POSTGRES_URL,
    max: Number(process.env.BENCH_POOL_MAX ?? 10),
  });
  pool.on("error", () => {});
  const inbox = postgresInbox({ pool, table: INBOX });
  await inbox.migrate();
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${PAID} (invoice TEXT NOT NULL, amount BIGINT NOT NULL, request_id TEXT NOT NULL)`,
  );
  const sql = `INSERT INTO ${PAID} (invoice, amount, request_id) VALUES ($1, $2, $3)`;
  return {
    inbox,
    markPaid: (tx, n, requestId) => tx.query(sql, [n.order.invoice_number, n.order.amount, requestId]),
  };
}

// sqliteInbox over one better-sqlite3 connection in WAL mode, synchronous=OFF: as the bench's
// PostgreSQL runs with fsync off, commits do not wait on the disk.
async function sqlite(entry) {
  const Database = require("better-sqlite3");
  const { sqliteInbox } = require(entry("sqlite"));
  const db = new Database(process.env.BENCH_SQLITE_FILE, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const inbox = sqliteInbox({ db, table: INBOX });
  await inbox.migrate();
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${PAID} (invoice TEXT NOT NULL, amount INTEGER NOT NULL, request_id TEXT NOT NULL)`,
  );
  const insert = db.prepare(`INSERT INTO ${PAID} (invoice, amount, request_id) VALUES (?, ?, ?)`);
  return {
    inbox,
    // Synchronously, as the README asks on SQLite: the statement was prepared on the same Database.
    markPaid: async (_tx, n, requestId) => insert.run(n.order.invoice_number, n.order.amount, requestId),
  };
}

const INBOXES = { postgres, sqlite };

/** `{ inbox, markPaid(tx, notification, requestId) }` for BENCH_STORE, or undefined for the stores. */
function benchInbox(entry) {
  const open = INBOXES[process.env.BENCH_STORE];
  return open?.(entry);
}

module.exports = { benchInbox };
