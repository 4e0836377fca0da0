"use strict";
// sqliteInbox over a better-sqlite3 Database; the order written with that Database, inside BEGIN IMMEDIATE.
const Database = require("better-sqlite3");
const { sqliteInbox } = require("express-doku/sqlite");

exports.database = async function database({ DATABASE, LOCK_TIMEOUT_MS }) {
  const lockTimeoutMs = Number(LOCK_TIMEOUT_MS ?? 5000);
  const db = new Database(DATABASE, { timeout: lockTimeoutMs });
  db.pragma("journal_mode = WAL");
  return {
    inbox: sqliteInbox({ db, lockTimeoutMs }),
    setup: async () => db.exec("CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL, pid INTEGER NOT NULL)"),
    markPaid: async (tx, invoice) =>
      tx.prepare("INSERT INTO paid_orders (invoice, pid) VALUES (?, ?)").run(invoice, process.pid),
    failInside: async () => undefined,
    pool: () => ({}),
  };
};
