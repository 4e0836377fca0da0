import { CompiledQuery, type Kysely, type Transaction } from "kysely";

import { numberedPlaceholders } from "../inbox/numbered-placeholders";
import { type OrmDialect, takingTurns, workThenCheck } from "../inbox/orm-transaction";
import { isPgPool, listenWhileLent, type PgPoolLike } from "../inbox/pg-lent-clients";
import { POSTGRES } from "../inbox/postgres-dialect";
import type { SqlDialect } from "../inbox/sql-dialect";
import { type InTransaction, type SqlInbox, sqlInbox, type SqlInboxOptions, type SqlRun } from "../inbox/sql-inbox";
import { optionError } from "../options/option-error";

export interface KyselyInboxOptions<DB> extends Omit<SqlInboxOptions<Transaction<DB>>, "dialect" | "transaction"> {
  /**
   * The app's Kysely (PostgresDialect, MysqlDialect or SqliteDialect). Each notification runs in one
   * `db.transaction()`; `ctx.transaction` is its `Transaction<DB>`.
   */
  db: Kysely<DB>;
  /**
   * On PostgreSQL, the `pg` Pool given to `PostgresDialect`: the inbox listens for `"error"` on each
   * client while the Pool lends it. Kysely listens on none, and a connection the database cuts
   * while `onPayment` runs would otherwise end the process. Without it, `ready()` warns.
   */
  pool?: PgPoolLike;
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

const UNHEARD =
  'kyselyInbox was given no `pool`: Kysely listens for "error" on no pg client it checks out, so a connection ' +
  "PostgreSQL cuts while onPayment runs (a restart, a failover) ends the process. Pass the pg Pool given to " +
  "PostgresDialect: kyselyInbox({ db, pool })";

/**
 * PostgreSQL, its clients heard through `pool`. Kysely keeps its driver and the Pool in private
 * fields (`#pool`): the Pool can only come from the app, and without it `ready()` says so.
 */
function postgresHeard(pool: unknown): SqlDialect {
  if (pool !== undefined) {
    if (!isPgPool(pool)) throw optionError("pool", "must be the pg Pool given to PostgresDialect");
    listenWhileLent(pool);
    return POSTGRES;
  }
  return {
    ...POSTGRES,
    async durability(run, table) {
      const found = (await POSTGRES.durability?.(run, table)) ?? { warnings: [] };
      return { ...found, warnings: [...found.warnings, UNHEARD] };
    },
  };
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
  if (options.pool !== undefined && dialect !== "postgres") {
    throw optionError("pool", "is for PostgresDialect's pg Pool: leave it out on MySQL and SQLite");
  }
  // SQLite: Kysely's one connection queues transactions without a bound; its BEGIN (deferred) is
  // followed by the inbox's INSERT, so the write lock is taken first, waiting on the busy timeout.
  const transaction = kyselyTransaction(db, dialect);
  return sqlInbox({
    ...options,
    dialect: dialect === "postgres" ? postgresHeard(options.pool) : dialect,
    transaction: dialect === "sqlite" ? takingTurns(transaction) : transaction,
  });
}
