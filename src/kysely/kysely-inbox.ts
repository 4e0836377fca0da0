import { CompiledQuery, type Kysely, type Transaction } from "kysely";

import { numberedPlaceholders } from "../inbox/numbered-placeholders";
import { type OrmDialect, takingTurns, workThenCheck } from "../inbox/orm-transaction";
import { type InTransaction, type SqlInbox, sqlInbox, type SqlInboxOptions, type SqlRun } from "../inbox/sql-inbox";
import { optionError } from "../options/option-error";

export interface KyselyInboxOptions<DB> extends Omit<SqlInboxOptions<Transaction<DB>>, "dialect" | "transaction"> {
  /**
   * The app's Kysely (PostgresDialect, MysqlDialect or SqliteDialect). Each notification runs in one
   * `db.transaction()`; `ctx.transaction` is its `Transaction<DB>`.
   */
  db: Kysely<DB>;
}

// By the adapter's class, read by name: an app's kysely may be another copy (ESM beside CommonJS).
const ADAPTERS: Readonly<Partial<Record<string, OrmDialect>>> = {
  PostgresAdapter: "postgres",
  MysqlAdapter: "mysql",
  SqliteAdapter: "sqlite",
};

function dialectOf(adapter: unknown): OrmDialect | undefined {
  for (
    let proto: unknown = adapter;
    typeof proto === "object" && proto !== null;
    proto = Object.getPrototypeOf(proto)
  ) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    const dialect = typeof name === "string" ? ADAPTERS[name] : undefined;
    if (dialect !== undefined) return dialect;
  }
  return undefined;
}

function kyselyTransaction<DB>(db: Kysely<DB>, dialect: OrmDialect): InTransaction<Transaction<DB>> {
  // PostgreSQL numbers its placeholders; a raw CompiledQuery is sent as written.
  const text = dialect === "postgres" ? numberedPlaceholders : (sql: string) => sql;
  return (work) =>
    db.transaction().execute(async (trx) => {
      const run: SqlRun = async (sql, params) => {
        const result = await trx.executeQuery(CompiledQuery.raw(text(sql), [...params]));
        return { rows: result.rows as Record<string, unknown>[], changes: Number(result.numAffectedRows ?? 0) };
      };
      return workThenCheck(dialect, run, () => work(run, trx));
    });
}

/**
 * `inbox` for the notification router through Kysely: each notification is recorded in the same
 * `db.transaction()` as `onPayment`'s writes (`ctx.transaction`). PostgreSQL, MySQL or MariaDB, and
 * SQLite. Run `await inbox.migrate()` once at start-up.
 */
export function kyselyInbox<DB>(options: KyselyInboxOptions<DB>): SqlInbox<Transaction<DB>> {
  const db = options.db as Kysely<DB> | undefined;
  if (typeof db?.transaction !== "function" || typeof db.getExecutor !== "function") {
    throw optionError("db", "must be a Kysely instance");
  }
  const dialect = dialectOf(db.getExecutor().adapter);
  if (dialect === undefined) {
    throw optionError("db", "must be a Kysely on PostgresDialect, MysqlDialect or SqliteDialect (or their adapters)");
  }
  // SQLite: Kysely's one connection queues transactions without a bound; its BEGIN (deferred) is
  // followed by the inbox's INSERT, so the write lock is taken first, waiting on the busy timeout.
  const transaction = kyselyTransaction(db, dialect);
  return sqlInbox({ ...options, dialect, transaction: dialect === "sqlite" ? takingTurns(transaction) : transaction });
}
