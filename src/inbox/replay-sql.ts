import { indexName, type SqlDialect, sqliteCreateIndex } from "./sql-dialect";

/**
 * The replay table's SQL: the inquiry router's store (`inbox.replayStore()`), a claim with a
 * lease and a token, then the signed answer. Statements use `?` placeholders.
 */
export interface ReplaySql {
  schema: readonly string[];
  /** (id, fingerprint, token, expires_at), unless the id is there; one row changed when inserted. */
  insert: string;
  /** (id) → fingerprint, token, answer, expires_at */
  select: string;
  /** (fingerprint, token, expires_at, id, old token, now): takes over a claim whose lease ran out. */
  takeOver: string;
  /** (fingerprint, answer, expires_at, id, token) */
  complete: string;
  /** (id, token) */
  release: string;
  /** (expires_at, id, token) */
  renew: string;
  /** (now): at most `batch` rows past their time. */
  deleteExpired: string;
}

export function replaySql(dialect: SqlDialect, table: string, batch: number): ReplaySql {
  const mysql = dialect.name === "mysql";
  // As the inbox's own table: bytes compared as bytes, within every InnoDB row format's 767.
  const text = mysql ? "VARBINARY(767)" : "TEXT";
  const columns = `(id, fingerprint, token, expires_at) VALUES (?, ?, ?, ?)`;
  const insert = {
    postgres: `INSERT INTO ${table} ${columns} ON CONFLICT (id) DO NOTHING`,
    sqlite: `INSERT OR IGNORE INTO ${table} ${columns}`,
    mysql: `INSERT IGNORE INTO ${table} ${columns}`,
  }[dialect.name];
  // MySQL names an index within its table; PostgreSQL and SQLite within the schema.
  const index = mysql ? "expires_at_index" : indexName(table, "expires");
  return {
    schema: mysql
      ? [
          `CREATE TABLE IF NOT EXISTS ${table} (id ${text} NOT NULL PRIMARY KEY, fingerprint VARCHAR(64) NOT NULL, token VARCHAR(64) NOT NULL, answer MEDIUMTEXT NULL, expires_at BIGINT NOT NULL, INDEX ${index} (expires_at)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
        ]
      : [
          `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, token TEXT NOT NULL, answer TEXT NULL, expires_at BIGINT NOT NULL)`,
          dialect.name === "sqlite"
            ? sqliteCreateIndex(table, "expires", "expires_at")
            : `CREATE INDEX IF NOT EXISTS ${index} ON ${table} (expires_at)`,
        ],
    insert,
    select: `SELECT fingerprint, token, answer, expires_at FROM ${table} WHERE id = ?`,
    takeOver: `UPDATE ${table} SET fingerprint = ?, token = ?, answer = NULL, expires_at = ? WHERE id = ? AND token = ? AND expires_at <= ?`,
    complete: `UPDATE ${table} SET fingerprint = ?, answer = ?, expires_at = ? WHERE id = ? AND token = ? AND answer IS NULL`,
    release: `DELETE FROM ${table} WHERE id = ? AND token = ? AND answer IS NULL`,
    renew: `UPDATE ${table} SET expires_at = ? WHERE id = ? AND token = ? AND answer IS NULL`,
    deleteExpired: mysql
      ? `DELETE FROM ${table} WHERE expires_at < ? LIMIT ${batch}`
      : `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE expires_at < ? LIMIT ${batch})`,
  };
}
