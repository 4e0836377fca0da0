"use strict";
// mysqlInbox over a mysql2/promise Pool; the order written with the PoolConnection inside START TRANSACTION.
const mysql = require("mysql2/promise");
const { mysqlInbox } = require("express-doku/mysql");

exports.database = async function database({ DATABASE, POOL_MAX, LOCK_TIMEOUT_MS }) {
  const pool = mysql.createPool({ uri: DATABASE, connectionLimit: Number(POOL_MAX ?? 10), connectTimeout: 2000 });
  // mysql2's own pool: what it holds, as pg's Pool counts it.
  const core = pool.pool;
  return {
    inbox: mysqlInbox({ pool, lockTimeoutMs: Number(LOCK_TIMEOUT_MS ?? 5000) }),
    // CREATE TABLE takes turns on the table's name: two apps starting at once need no lock of their own.
    setup: () =>
      pool.query(
        "CREATE TABLE IF NOT EXISTS paid_orders (invoice VARCHAR(100) NOT NULL, pid INT NOT NULL) ENGINE=InnoDB",
      ),
    markPaid: (tx, invoice) => tx.query("INSERT INTO paid_orders (invoice, pid) VALUES (?, ?)", [invoice, process.pid]),
    // A statement that fails, its error caught: unlike PostgreSQL, MySQL carries on with the transaction.
    failInside: (tx) => tx.query("SELECT * FROM no_such_table").catch(() => undefined),
    pool: () => ({
      total: core._allConnections.length,
      idle: core._freeConnections.length,
      waiting: core._connectionQueue.length,
    }),
  };
};
