import { type InTransaction, type SqlInbox, sqlInbox, type SqlInboxOptions, type SqlRun } from "../inbox/sql-inbox";
import { SQLITE } from "../inbox/sqlite-dialect";
import { Turns } from "../inbox/turns";
import { optionError } from "../options/option-error";

/** What the inbox needs of a `better-sqlite3` `Database`. */
export interface SqliteDatabaseLike {
  prepare(sql: string): {
    readonly reader: boolean;
    run(...params: unknown[]): { changes: number };
    all(...params: unknown[]): unknown[];
  };
  exec(sql: string): unknown;
  readonly inTransaction: boolean;
}

export interface SqliteInboxOptions<Db extends SqliteDatabaseLike> extends Omit<
  SqlInboxOptions<Db>,
  "dialect" | "transaction"
> {
  /**
   * The app's `better-sqlite3` Database, the one `onPayment` writes the order with
   * (`ctx.transaction` is this Database, inside the notification's transaction).
   */
  db: Db;
}

/**
 * One transaction at a time on the connection, `BEGIN IMMEDIATE`: SQLite has one writer, and a
 * connection has one transaction, so notifications take turns within the process. Processes
 * sharing the file wait on SQLite's lock (the Database's `timeout`, better-sqlite3's busy timeout).
 */
function connectionTransaction<Db extends SqliteDatabaseLike>(db: Db): InTransaction<Db> {
  const turns = new Turns();
  const statements = new Map<string, ReturnType<Db["prepare"]>>();
  const run: SqlRun = async (sql, params) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql) as ReturnType<Db["prepare"]>;
      statements.set(sql, statement);
    }
    if (statement.reader) return { rows: statement.all(...params) as Record<string, unknown>[], changes: 0 };
    return { rows: [], changes: statement.run(...params).changes };
  };
  return async (work, { lockTimeoutMs }) => {
    const done = await turns.take(lockTimeoutMs);
    try {
      db.exec("BEGIN IMMEDIATE");
      let value;
      try {
        value = await work(run, db);
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
      db.exec("COMMIT");
      return value;
    } finally {
      done();
    }
  };
}

/**
 * `inbox` for the notification router on SQLite through `better-sqlite3`: each notification is
 * recorded in the same transaction as `onPayment`'s writes. Run `await inbox.migrate()` once.
 */
export function sqliteInbox<Db extends SqliteDatabaseLike>(options: SqliteInboxOptions<Db>): SqlInbox<Db> {
  const db = options.db as Db | undefined;
  if (typeof db?.prepare !== "function" || typeof db.exec !== "function") {
    throw optionError("db", "must be a better-sqlite3 Database");
  }
  return sqlInbox({ ...options, dialect: SQLITE, transaction: connectionTransaction(db) });
}
