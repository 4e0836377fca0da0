"use strict";
// knexInbox over Knex's better-sqlite3 client; the order written with the Knex.Transaction's query builder.
const knex = require("knex");
const { knexInbox } = require("express-doku/knex");

// Knex logs on stdout, where the app's lines are JSON for the test to read.
const log = { warn: console.error, error: console.error, deprecate: console.error, debug: console.error };

exports.database = async function database({ DATABASE, LOCK_TIMEOUT_MS }) {
  const lockTimeoutMs = Number(LOCK_TIMEOUT_MS ?? 5000);
  const db = knex({
    log,
    client: "better-sqlite3",
    connection: { filename: DATABASE },
    useNullAsDefault: true,
    pool: {
      afterCreate(connection, done) {
        connection.pragma(`busy_timeout = ${lockTimeoutMs}`);
        connection.pragma("journal_mode = WAL");
        done(null, connection);
      },
    },
  });
  return {
    inbox: knexInbox({ knex: db, lockTimeoutMs }),
    setup: () => db.raw("CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL, pid INTEGER NOT NULL)"),
    markPaid: (trx, invoice) => trx("paid_orders").insert({ invoice, pid: process.pid }),
    failInside: async () => undefined,
    pool: () => ({}),
  };
};
