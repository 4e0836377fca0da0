import { errorField, indexName, type SqlDialect } from "./sql-dialect";

export const SQLITE: SqlDialect = {
  name: "sqlite",
  // One writer at a time: BEGIN IMMEDIATE waits on the file's lock for busy_timeout, set on the connection.
  lockTimeout: () => [],
  restoreLockTimeout: [],
  insertKey: (table) => `INSERT OR IGNORE INTO ${table} (id, fingerprint, created_at) VALUES (?, ?, ?)`,
  selectKey: (table) => `SELECT fingerprint FROM ${table} WHERE id = ?`,
  deleteBefore: (table, batch) =>
    `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE created_at < ? LIMIT ${batch})`,
  schema: (table) => [
    `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, created_at INTEGER NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ${indexName(table, "created_at")} ON ${table} (created_at)`,
  ],
  migrationLock: [],
  classify(error) {
    const code = errorField(error, "code");
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") return "lock_timeout";
    const message = errorField(error, "message");
    if (typeof message === "string" && message.startsWith("no such table")) return "missing_table";
    return "unavailable";
  },
};
