import type { SqlRun } from "./sql-transaction";

/** How a database failed, as far as the inbox must tell: everything else is "unavailable". */
export type SqlFailure = "lock_timeout" | "missing_table" | "unavailable";

/**
 * The SQL of one database: statements use `?` placeholders, which a runner for a database with
 * numbered ones (PostgreSQL) turns into `$1`, `$2`, …
 */
export interface SqlDialect {
  readonly name: "postgres" | "mysql" | "sqlite";
  /** Run first in each notification's transaction: bound the wait on another's key. */
  lockTimeout(ms: number): readonly string[];
  /** Run after the keys are in, where `lockTimeout` changed the session rather than the transaction. */
  restoreLockTimeout: readonly string[];
  /** Inserts (key, fingerprint, created_at) unless the key is there; one row changed when inserted. */
  insertKey(table: string): string;
  /** The fingerprint a committed key holds (key). */
  selectKey(table: string): string;
  /** Deletes at most `batch` rows created before the cutoff (created_at). */
  deleteBefore(table: string, batch: number): string;
  /** The table and its index, each statement safe to run again. */
  schema(table: string): readonly string[];
  /** Run before `schema` in the same transaction, so that two processes migrating at once take turns. */
  migrationLock: readonly string[];
  classify(error: unknown): SqlFailure;
  /**
   * Run in `ready()`'s transaction once the tables answered: the settings under which a committed
   * notification could be lost or run again after a crash, as warnings (each naming the setting, its
   * value and what to set), and `notReady` when the inbox cannot work as promised at all.
   */
  durability?(run: SqlRun, table: string): Promise<SqlDurabilityFindings>;
}

/** What `SqlDialect.durability` found: nothing amiss is no warning and no `notReady`. */
export interface SqlDurabilityFindings {
  warnings: string[];
  notReady?: string;
}

/**
 * A table name as given, checked: it goes into SQL text, never as a parameter. Each part at
 * most 48 characters, so that `<table>_replay_expires`, an index name, stays within
 * PostgreSQL's 63 (a longer one would be cut, silently).
 */
export const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,47}(\.[A-Za-z_][A-Za-z0-9_]{0,47})?$/;

/** An index of `table` named after it: its schema left out (an index lives in its table's schema). */
export const indexName = (table: string, suffix: string) => `${table.slice(table.lastIndexOf(".") + 1)}_${suffix}`;

/** SQLite's CREATE INDEX: the schema goes on the index's name, never on its table's. */
export const sqliteCreateIndex = (table: string, suffix: string, column: string) => {
  const dot = table.lastIndexOf(".");
  return `CREATE INDEX IF NOT EXISTS ${table.slice(0, dot + 1)}${indexName(table, suffix)} ON ${table.slice(dot + 1)} (${column})`;
};

export const errorField = (error: unknown, field: string): unknown =>
  typeof error === "object" && error !== null ? (error as Record<string, unknown>)[field] : undefined;
