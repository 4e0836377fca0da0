import { errorField, type SqlDialect } from "./sql-dialect";
import type { SqlRun } from "./sql-transaction";

// MySQL and MariaDB error numbers.
const ER_LOCK_WAIT_TIMEOUT = 1205;
const ER_LOCK_DEADLOCK = 1213;
const ER_NO_SUCH_TABLE = 1146;
const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

// 1 writes and flushes the redo log at each commit; MariaDB's 3 does as much.
const DURABLE_FLUSH = new Set(["1", "3"]);

async function tableEngine(run: SqlRun, table: string): Promise<{ engine: string; transactions: string } | undefined> {
  const dot = table.indexOf(".");
  const [schema, name] = dot === -1 ? [null, table] : [table.slice(0, dot), table.slice(dot + 1)];
  const { rows } = await run(
    "SELECT t.ENGINE AS engine, e.TRANSACTIONS AS transactions FROM information_schema.TABLES t JOIN information_schema.ENGINES e ON e.ENGINE = t.ENGINE WHERE t.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND t.TABLE_NAME = ?",
    [schema, name],
  );
  const row = rows[0];
  return row === undefined ? undefined : { engine: String(row.engine), transactions: String(row.transactions) };
}

/** A global variable's value, or why it could not be read. */
async function globalVariable(run: SqlRun, name: string): Promise<string | { unreadable: string }> {
  try {
    return String((await run(`SELECT @@GLOBAL.${name} AS value`, [])).rows[0]?.value);
  } catch (error) {
    // A server without it (TiDB). A failed statement leaves a MySQL transaction open.
    if (errorField(error, "errno") !== ER_UNKNOWN_SYSTEM_VARIABLE) throw error;
    return { unreadable: String(errorField(error, "message")) };
  }
}

// Pages written without their doublewrite copy: MariaDB 10.11 says 0, MySQL 8.0.30 and later OFF or DETECT_ONLY.
const TORN_PAGES_UNPROTECTED = new Set(["0", "OFF", "DETECT_ONLY"]);

export const MYSQL: SqlDialect = {
  name: "mysql",
  // InnoDB's wait is a session setting in whole seconds: kept, shortened, and given back after the keys.
  lockTimeout: (ms) => [
    "SET @express_doku_lock_wait = @@SESSION.innodb_lock_wait_timeout",
    `SET SESSION innodb_lock_wait_timeout = ${Math.max(1, Math.ceil(ms / 1000))}`,
  ],
  restoreLockTimeout: ["SET SESSION innodb_lock_wait_timeout = @express_doku_lock_wait"],
  // A duplicate of a key another transaction inserted waits on that row's lock: after its commit
  // nothing is inserted, after its rollback the row is. Not ON DUPLICATE KEY UPDATE: with the
  // FOUND_ROWS flag (mysql2's default) it counts an untouched duplicate as one row changed.
  insertKey: (table) => `INSERT IGNORE INTO ${table} (id, fingerprint, created_at) VALUES (?, ?, ?)`,
  // A locking read: under REPEATABLE READ a plain one could read the snapshot from before the commit.
  selectKey: (table) => `SELECT fingerprint FROM ${table} WHERE id = ? LOCK IN SHARE MODE`,
  deleteBefore: (table, batch) => `DELETE FROM ${table} WHERE created_at < ? LIMIT ${batch}`,
  // id: bytes, compared exactly (no collation, no PAD SPACE), 767 of them being the longest key
  // every InnoDB row format indexes. INSERT IGNORE would cut a longer one short without an error.
  schema: (table) => [
    `CREATE TABLE IF NOT EXISTS ${table} (id VARBINARY(767) NOT NULL PRIMARY KEY, fingerprint VARCHAR(64) NOT NULL, created_at BIGINT NOT NULL, INDEX created_at_index (created_at)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  ],
  // CREATE TABLE takes an exclusive metadata lock on the name: two at once take turns, and the
  // second finds the table. (It also commits the transaction, which a lock of it would not outlive.)
  migrationLock: [],
  classify(error) {
    const errno = errorField(error, "errno");
    // A deadlock rolls the whole transaction back: as busy as a timeout, and DOKU retries.
    if (errno === ER_LOCK_WAIT_TIMEOUT || errno === ER_LOCK_DEADLOCK) return "lock_timeout";
    if (errno === ER_NO_SUCH_TABLE) return "missing_table";
    return "unavailable";
  },
  async durability(run, table) {
    const warnings: string[] = [];
    const flush = await globalVariable(run, "innodb_flush_log_at_trx_commit");
    if (typeof flush !== "string")
      warnings.push(
        `could not read innodb_flush_log_at_trx_commit (${flush.unreadable}): whether a crash can undo notifications already answered 200 is unknown`,
      );
    else if (!DURABLE_FLUSH.has(flush))
      warnings.push(
        `innodb_flush_log_at_trx_commit is ${flush}: a crash of the ${flush === "0" ? "server" : "machine"} can undo the last second of notifications already answered 200, which DOKU does not send again (set innodb_flush_log_at_trx_commit = 1)`,
      );
    const doublewrite = await globalVariable(run, "innodb_doublewrite");
    if (typeof doublewrite !== "string")
      warnings.push(
        `could not read innodb_doublewrite (${doublewrite.unreadable}): whether a crash can tear committed pages is unknown`,
      );
    else if (TORN_PAGES_UNPROTECTED.has(doublewrite.toUpperCase()))
      warnings.push(
        `innodb_doublewrite is ${doublewrite}: a crash of the machine in the middle of a page write can leave the table torn and committed notifications unreadable (set innodb_doublewrite = ON, unless the file system writes whole pages atomically)`,
      );
    const found = await tableEngine(run, table);
    // A table that cannot roll back keeps the key of a notification whose onPayment failed, and
    // DOKU's retry of it is then a duplicate: that payment would never be handled.
    if (found !== undefined && found.transactions !== "YES") {
      return {
        warnings,
        notReady: `the table ${table} is on ${found.engine}, which cannot roll back: a notification whose onPayment failed would stay recorded and never run again (ALTER TABLE ${table} ENGINE=InnoDB)`,
      };
    }
    return { warnings };
  },
};
