"use strict";
// The example's embedded database: one SQLite file, created and migrated on first open.
const { mkdirSync } = require("node:fs");
const { dirname } = require("node:path");
const Database = require("better-sqlite3");

// Each entry moves the schema one version up; PRAGMA user_version records where a file is.
const MIGRATIONS = [
  `CREATE TABLE bills (
     invoice_number      TEXT PRIMARY KEY,
     payment_code        TEXT NOT NULL UNIQUE,
     amount              INTEGER NOT NULL CHECK (amount > 0),
     customer_name       TEXT NOT NULL,
     customer_email      TEXT,
     created_at          INTEGER NOT NULL,
     expires_at          INTEGER NOT NULL,
     paid_at             INTEGER,
     paid_agent_store_id TEXT,
     paid_agent_trx_id   TEXT,
     doku_payment_key    TEXT UNIQUE
   )`,
];

function openDatabase(path) {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  const migrate = db.transaction(() => {
    const version = db.pragma("user_version", { simple: true });
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  migrate();
  return db;
}

module.exports = { openDatabase };
