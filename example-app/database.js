// @ts-check
"use strict";
// The example's embedded database: one SQLite file, created and migrated on first open.
const { mkdirSync } = require("node:fs");
const { dirname } = require("node:path");
const Database = require("better-sqlite3");

const BILL_COLUMNS = `invoice_number, method, payment_code, amount, customer_name, customer_email, created_at,
  expires_at, doku_request_id, doku_registered_at, how_to_pay_url, cancelled_at, last_checked_at, paid_at, paid_agent_id,
  paid_agent_store_id, paid_agent_trx_id, doku_payment_key`;

/**
 * The bills table from version 2 on, created as `name` and renamed to bills once the rows are copied.
 * @param {string} name
 * @param {string[]} methods the payment methods the method column takes
 */
const createBillsTable = (name, methods) => `CREATE TABLE ${name} (
     invoice_number      TEXT PRIMARY KEY,
     method              TEXT NOT NULL CHECK (method IN (${methods.map((m) => `'${m}'`).join(", ")})),
     payment_code        TEXT UNIQUE,
     amount              INTEGER NOT NULL CHECK (amount > 0),
     customer_name       TEXT NOT NULL,
     customer_email      TEXT,
     created_at          INTEGER NOT NULL,
     expires_at          INTEGER NOT NULL,
     doku_request_id     TEXT UNIQUE,
     doku_registered_at  INTEGER,
     how_to_pay_url      TEXT,
     cancelled_at        INTEGER,
     last_checked_at     INTEGER,
     paid_at             INTEGER,
     paid_agent_id       TEXT,
     paid_agent_store_id TEXT,
     paid_agent_trx_id   TEXT,
     doku_payment_key    TEXT UNIQUE
   )`;

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
  // Version 2: the three ways to take an Alfa payment. A DOKU-generated code is known only once
  // DOKU answers, so payment_code may be NULL until then; doku_request_id is the Request-Id the
  // create (or register) call is sent, and sent again, under.
  `${createBillsTable("bills_v2", ["direct_inquiry", "doku_generated", "merchant_generated"])};
   INSERT INTO bills_v2 (invoice_number, method, payment_code, amount, customer_name, customer_email, created_at, expires_at,
                         paid_at, paid_agent_store_id, paid_agent_trx_id, doku_payment_key)
     SELECT invoice_number, 'direct_inquiry', payment_code, amount, customer_name, customer_email, created_at, expires_at,
            paid_at, paid_agent_store_id, paid_agent_trx_id, doku_payment_key FROM bills;
   DROP TABLE bills;
   ALTER TABLE bills_v2 RENAME TO bills;
   CREATE INDEX bills_pending ON bills (paid_at, cancelled_at, last_checked_at)`,
  // Version 3: Indomaret, a fourth way (DOKU generates the code). SQLite changes a CHECK only by
  // rebuilding the table; every row and column is kept.
  `${createBillsTable("bills_v3", ["direct_inquiry", "doku_generated", "merchant_generated", "indomaret"])};
   INSERT INTO bills_v3 (${BILL_COLUMNS}) SELECT ${BILL_COLUMNS} FROM bills;
   DROP TABLE bills;
   ALTER TABLE bills_v3 RENAME TO bills;
   CREATE INDEX bills_pending ON bills (paid_at, cancelled_at, last_checked_at)`,
];

/** @param {string} path a file, or ":memory:" */
function openDatabase(path) {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  const migrate = db.transaction(() => {
    const version = Number(db.pragma("user_version", { simple: true }));
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(/** @type {string} */ (MIGRATIONS[v]));
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  migrate();
  return db;
}

module.exports = { openDatabase, MIGRATIONS, SCHEMA_VERSION: MIGRATIONS.length };
