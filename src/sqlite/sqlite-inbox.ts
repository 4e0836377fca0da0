import { type SqlInbox, sqlInbox, type SqlInboxOptions } from "../inbox/sql-inbox";
import { connectionTransaction, type SqliteDatabaseLike } from "../inbox/sqlite-connection-transaction";
import { SQLITE } from "../inbox/sqlite-dialect";
import { optionError } from "../options/option-error";

export type { SqliteDatabaseLike };

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
 * `inbox` for the notification router on SQLite through `better-sqlite3`: each notification is
 * recorded in the same transaction as `onPayment`'s writes. Run `await inbox.migrate()` once.
 */
export function sqliteInbox<Db extends SqliteDatabaseLike>(options: SqliteInboxOptions<Db>): SqlInbox<Db> {
  const db = options.db as Db | undefined;
  if (typeof db?.prepare !== "function" || typeof db.exec !== "function") {
    throw optionError("db", "must be a better-sqlite3 Database");
  }
  return sqlInbox({ ...options, dialect: SQLITE, transaction: connectionTransaction(db, db) });
}
