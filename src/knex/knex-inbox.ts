import type { Knex } from "knex";

import { MYSQL } from "../inbox/mysql-dialect";
import { driverResult, type OrmDialect, takingTurns, workThenCheck } from "../inbox/orm-transaction";
import { POSTGRES } from "../inbox/postgres-dialect";
import { errorField, type SqlDialect } from "../inbox/sql-dialect";
import { type InTransaction, type SqlInbox, sqlInbox, type SqlInboxOptions } from "../inbox/sql-inbox";
import { SQLITE } from "../inbox/sqlite-dialect";
import { optionError } from "../options/option-error";

export interface KnexInboxOptions extends Omit<SqlInboxOptions<Knex.Transaction>, "dialect" | "transaction"> {
  /**
   * The app's Knex instance (`pg`, `mysql2` or `better-sqlite3` client). Each notification runs in
   * one `knex.transaction()`; `ctx.transaction` is its `Knex.Transaction`.
   */
  knex: Knex;
}

// By Knex's driver: the others (sqlite3, CockroachDB, …) answer or lock otherwise.
const DIALECTS: Readonly<Partial<Record<string, OrmDialect>>> = {
  pg: "postgres",
  mysql: "mysql",
  mysql2: "mysql",
  "better-sqlite3": "sqlite",
};

const SQL_DIALECTS: Readonly<Record<OrmDialect, SqlDialect>> = { postgres: POSTGRES, mysql: MYSQL, sqlite: SQLITE };

/**
 * The dialect, told the driver's own message: Knex puts the failed query before it
 * (`<query> - no such table: doku_inbox`); the driver's message has no " - " of its own to tell.
 */
function knexErrors(dialect: SqlDialect): SqlDialect {
  return {
    ...dialect,
    classify(error) {
      const message = errorField(error, "message");
      if (typeof message !== "string") return dialect.classify(error);
      const cut = message.lastIndexOf(" - ");
      const own = cut === -1 ? message : message.slice(cut + 3);
      return dialect.classify({ code: errorField(error, "code"), errno: errorField(error, "errno"), message: own });
    },
  };
}

function knexTransaction(knex: Knex, dialect: OrmDialect): InTransaction<Knex.Transaction> {
  return (work) =>
    knex.transaction(async (trx) => {
      const run = async (sql: string, params: readonly unknown[]) =>
        driverResult(dialect, await trx.raw(sql, params as Knex.RawBinding[]));
      return workThenCheck(dialect, run, () => work(run, trx));
    });
}

/**
 * `inbox` for the notification router through Knex: each notification is recorded in the same
 * `knex.transaction()` as `onPayment`'s writes (`ctx.transaction`). PostgreSQL (`pg`), MySQL or
 * MariaDB (`mysql2`) and SQLite (`better-sqlite3`). Run `await inbox.migrate()` once at start-up.
 */
export function knexInbox(options: KnexInboxOptions): SqlInbox<Knex.Transaction> {
  const knex = options.knex as Knex | undefined;
  if (typeof knex?.transaction !== "function" || typeof knex.raw !== "function") {
    throw optionError("knex", "must be a Knex instance");
  }
  const driver: unknown = (knex.client as { driverName?: unknown } | undefined)?.driverName;
  const dialect = typeof driver === "string" ? DIALECTS[driver] : undefined;
  if (dialect === undefined) {
    throw optionError("knex", `must use the pg, mysql2 or better-sqlite3 client (it uses ${String(driver)})`);
  }
  // SQLite: Knex's one connection queues transactions without a bound; BEGIN (deferred) is
  // followed by the inbox's INSERT, so the write lock is taken first, waiting on the busy timeout.
  const transaction = knexTransaction(knex, dialect);
  return sqlInbox({
    ...options,
    dialect: knexErrors(SQL_DIALECTS[dialect]),
    transaction: dialect === "sqlite" ? takingTurns(transaction) : transaction,
  });
}
