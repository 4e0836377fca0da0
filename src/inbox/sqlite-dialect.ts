import { errorField, type SqlDialect, sqliteCreateIndex } from "./sql-dialect";

// PRAGMA synchronous's answer: a level's number.
const SYNCHRONOUS = ["OFF", "NORMAL", "FULL", "EXTRA"];

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
    sqliteCreateIndex(table, "created_at", "created_at"),
  ],
  migrationLock: [],
  classify(error) {
    const code = errorField(error, "code");
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") return "lock_timeout";
    const message = errorField(error, "message");
    if (typeof message === "string" && message.startsWith("no such table")) return "missing_table";
    return "unavailable";
  },
  // Both are the connection's own, and each attached database's: those of the table's are asked.
  async durability(run, table) {
    const dot = table.indexOf(".");
    const schema = dot === -1 ? "main" : table.slice(0, dot);
    const prefix = dot === -1 ? "" : `${schema}.`;
    // A database in memory (or a temporary one) has no file for a crash to lose or corrupt.
    const { rows: files } = await run("SELECT file FROM pragma_database_list WHERE name = ? COLLATE NOCASE", [schema]);
    if (files[0]?.file === "") return { warnings: [] };
    const synchronousLevel = (await run(`PRAGMA ${prefix}synchronous`, [])).rows[0]?.synchronous;
    const journalMode = String((await run(`PRAGMA ${prefix}journal_mode`, [])).rows[0]?.journal_mode).toUpperCase();
    const synchronous = SYNCHRONOUS[Number(synchronousLevel)] ?? String(synchronousLevel);
    const warnings: string[] = [];
    if (synchronous === "OFF")
      warnings.push(
        `SQLite's synchronous is OFF: a crash of the machine can lose or corrupt committed notifications and orders (run PRAGMA ${prefix}synchronous = FULL on the connection)`,
      );
    else if (synchronous === "NORMAL" && journalMode === "WAL")
      warnings.push(
        `SQLite's synchronous is NORMAL with journal_mode WAL: a crash of the machine can undo the last notifications already answered 200, which DOKU does not send again (run PRAGMA ${prefix}synchronous = FULL on the connection)`,
      );
    if (journalMode === "OFF" || journalMode === "MEMORY")
      warnings.push(
        `SQLite's journal_mode is ${journalMode}: a crash in the middle of a transaction can corrupt the database file${journalMode === "OFF" ? ", and a rollback is not reliable" : ""} (run PRAGMA ${prefix}journal_mode = WAL, or DELETE)`,
      );
    return { warnings };
  },
};
