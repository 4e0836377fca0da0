"use strict";
// drizzleInbox over Drizzle's better-sqlite3 driver; the order written with the db, inside the inbox's BEGIN IMMEDIATE.
const Database = require("better-sqlite3");
const { drizzle } = require("drizzle-orm/better-sqlite3");
const { integer, sqliteTable, text } = require("drizzle-orm/sqlite-core");
const { drizzleInbox } = require("express-doku/drizzle");

const paidOrders = sqliteTable("paid_orders", { invoice: text("invoice").notNull(), pid: integer("pid").notNull() });

exports.database = async function database({ DATABASE, LOCK_TIMEOUT_MS }) {
  const lockTimeoutMs = Number(LOCK_TIMEOUT_MS ?? 5000);
  const sqlite = new Database(DATABASE, { timeout: lockTimeoutMs });
  sqlite.pragma("journal_mode = WAL");
  const db = drizzle(sqlite);
  return {
    inbox: drizzleInbox({ db, lockTimeoutMs }),
    setup: async () =>
      sqlite.exec("CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL, pid INTEGER NOT NULL)"),
    markPaid: async (tx, invoice) => tx.insert(paidOrders).values({ invoice, pid: process.pid }).run(),
    failInside: async () => undefined,
    pool: () => ({}),
  };
};
