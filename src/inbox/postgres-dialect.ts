import { errorField, indexName, type SqlDialect } from "./sql-dialect";

// SQLSTATE: lock_not_available (lock_timeout), undefined_table.
const LOCK_NOT_AVAILABLE = "55P03";
const UNDEFINED_TABLE = "42P01";

export const POSTGRES: SqlDialect = {
  name: "postgres",
  // Local to the transaction: the merchant's connection goes back to the pool as it came. Kept
  // and given back after the keys, so that onPayment's own statements wait as the merchant set.
  lockTimeout: (ms) => [
    "SELECT set_config('express_doku.lock_timeout', current_setting('lock_timeout'), true)",
    `SET LOCAL lock_timeout = ${Math.max(1, Math.ceil(ms))}`,
  ],
  restoreLockTimeout: ["SELECT set_config('lock_timeout', current_setting('express_doku.lock_timeout'), true)"],
  // Under READ COMMITTED a duplicate waits for the first transaction: nothing inserted after its
  // commit, inserted after its rollback.
  insertKey: (table) =>
    `INSERT INTO ${table} (id, fingerprint, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  selectKey: (table) => `SELECT fingerprint FROM ${table} WHERE id = ?`,
  deleteBefore: (table, batch) =>
    `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE created_at < ? LIMIT ${batch})`,
  schema: (table) => [
    `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, created_at BIGINT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ${indexName(table, "created_at")} ON ${table} (created_at)`,
  ],
  // Two CREATE TABLE IF NOT EXISTS at once can both pass the check and one fail on the catalog.
  migrationLock: ["SELECT pg_advisory_xact_lock(727274171)"],
  classify(error) {
    const code = errorField(error, "code");
    if (code === LOCK_NOT_AVAILABLE) return "lock_timeout";
    if (code === UNDEFINED_TABLE) return "missing_table";
    return "unavailable";
  },
  // As the inbox's connections see them: synchronous_commit can differ by role, database or session.
  // Missing (a fork without one) reads as NULL rather than failing, which would abort the transaction.
  async durability(run) {
    const { rows } = await run(
      "SELECT current_setting('synchronous_commit', true) AS synchronous_commit, current_setting('fsync', true) AS fsync, current_setting('full_page_writes', true) AS full_page_writes",
      [],
    );
    const { synchronous_commit: synchronousCommit, fsync, full_page_writes: fullPageWrites } = rows[0] ?? {};
    const warnings: string[] = [];
    const unreadable = (name: string) =>
      `could not read PostgreSQL's ${name} (this server has no such setting): whether a crash can lose committed notifications is unknown`;
    if (synchronousCommit === null) warnings.push(unreadable("synchronous_commit"));
    else if (synchronousCommit === "off")
      warnings.push(
        "PostgreSQL's synchronous_commit is off: a crash of the server can undo notifications already answered 200, which DOKU does not send again (set synchronous_commit = on for the inbox's database or role)",
      );
    if (fsync === null) warnings.push(unreadable("fsync"));
    else if (fsync === "off")
      warnings.push(
        "PostgreSQL's fsync is off: a crash of the machine can lose or corrupt committed notifications and orders (set fsync = on in postgresql.conf)",
      );
    if (fullPageWrites === null) warnings.push(unreadable("full_page_writes"));
    else if (fullPageWrites === "off")
      warnings.push(
        "PostgreSQL's full_page_writes is off: a crash of the machine in the middle of a page write can leave the table torn and committed notifications unreadable (set full_page_writes = on in postgresql.conf, unless the file system writes whole pages atomically)",
      );
    return { warnings };
  },
};
