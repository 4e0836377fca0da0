"use strict";
// The SQLite file the bench's SQLite inbox case runs on: in a temporary directory, WAL, removed at
// the end. The server opens it with better-sqlite3 in its own process; this side only empties the
// bench's tables before each round, as the Redis cases' Redis is flushed.
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { BENCH_TABLES } = require("./fixtures");

/** `{ name, env, flush(), stop() }`, or `{ skipped: reason }` without better-sqlite3. */
function startSqlite() {
  let Database;
  try {
    Database = require("better-sqlite3");
  } catch {
    return { skipped: "better-sqlite3 is not installed: the SQLite inbox case is SKIPPED" };
  }
  const dir = mkdtempSync(join(tmpdir(), "express-doku-bench-sqlite-"));
  const file = join(dir, "bench.db");
  let db;
  return {
    name: "SQLite",
    env: { BENCH_SQLITE_FILE: file },
    async flush() {
      // Opened at the first round, once the server has made the file and its tables.
      db ??= new Database(file, { timeout: 5000 });
      db.exec(`DELETE FROM ${BENCH_TABLES.inbox}; DELETE FROM ${BENCH_TABLES.paid}`);
    },
    async stop() {
      db?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { startSqlite };
