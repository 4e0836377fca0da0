import type { InTransaction, SqlRun } from "./sql-transaction";
import { Turns } from "./turns";

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

/**
 * One transaction at a time on the connection, `BEGIN IMMEDIATE`: SQLite has one writer, and a
 * connection has one transaction, so notifications take turns within the process. Processes
 * sharing the file wait on SQLite's lock (the Database's `timeout`, better-sqlite3's busy timeout).
 * `tx` is what the work writes with: the Database itself, or an ORM over it.
 */
export function connectionTransaction<Tx>(db: SqliteDatabaseLike, tx: Tx): InTransaction<Tx> {
  const turns = new Turns();
  const statements = new Map<string, ReturnType<SqliteDatabaseLike["prepare"]>>();
  const run: SqlRun = async (sql, params) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
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
        value = await work(run, tx);
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
      try {
        db.exec("COMMIT");
      } catch (error) {
        // A COMMIT refused (SQLITE_BUSY: a reader elsewhere) leaves the transaction open: end it,
        // or every later notification would find it there.
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
      return value;
    } finally {
      done();
    }
  };
}
