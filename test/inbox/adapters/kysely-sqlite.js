"use strict";
// kyselyInbox over Kysely's SqliteDialect on a better-sqlite3 Database; the order written with the Transaction.
const Database = require("better-sqlite3");
const { Kysely, SqliteDialect } = require("kysely");
const { kyselyInbox } = require("express-doku/kysely");

exports.database = async function database({ DATABASE, LOCK_TIMEOUT_MS }) {
  const lockTimeoutMs = Number(LOCK_TIMEOUT_MS ?? 5000);
  const sqlite = new Database(DATABASE, { timeout: lockTimeoutMs });
  sqlite.pragma("journal_mode = WAL");
  const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    inbox: kyselyInbox({ db, lockTimeoutMs }),
    setup: async () =>
      sqlite.exec("CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL, pid INTEGER NOT NULL)"),
    markPaid: (trx, invoice) => trx.insertInto("paid_orders").values({ invoice, pid: process.pid }).execute(),
    failInside: async () => undefined,
    pool: () => ({}),
  };
};
