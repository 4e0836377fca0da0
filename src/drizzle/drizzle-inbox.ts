import { entityKind, type SQL, sql } from "drizzle-orm";

import { driverResult, type OrmDialect, workThenCheck } from "../inbox/orm-transaction";
import { isPgPool, listenWhileLent } from "../inbox/pg-lent-clients";
import { errorField } from "../inbox/sql-dialect";
import { type InTransaction, type SqlInbox, sqlInbox, type SqlInboxOptions, type SqlRun } from "../inbox/sql-inbox";
import { connectionTransaction, type SqliteDatabaseLike } from "../inbox/sqlite-connection-transaction";
import { optionError } from "../options/option-error";

/** What the inbox needs of a Drizzle database: `transaction()`, and `$client` on better-sqlite3. */
export interface DrizzleDatabaseLike {
  transaction(...args: never[]): unknown;
}

/**
 * What `onPayment` gets as `ctx.transaction`: the transaction `db.transaction()` hands its callback
 * (PostgreSQL, MySQL), or on better-sqlite3 the database itself, inside the inbox's BEGIN IMMEDIATE.
 */
export type DrizzleTransaction<Db> = Db extends { $client: SqliteDatabaseLike }
  ? Db
  : Db extends { transaction(work: (tx: infer Tx) => Promise<unknown>, config?: never): unknown }
    ? Tx
    : never;

export interface DrizzleInboxOptions<Db extends DrizzleDatabaseLike> extends Omit<
  SqlInboxOptions<DrizzleTransaction<Db>>,
  "dialect" | "transaction"
> {
  /** The app's Drizzle database: node-postgres, mysql2 or better-sqlite3. */
  db: Db;
}

// By the database's class and its parents, as Drizzle names them (what its own `is()` reads).
const KINDS: Readonly<Partial<Record<string, OrmDialect>>> = {
  PgDatabase: "postgres",
  MySqlDatabase: "mysql",
  BaseSQLiteDatabase: "sqlite",
};

function dialectOf(db: object): OrmDialect | undefined {
  for (let type: unknown = db.constructor; typeof type === "function"; type = Object.getPrototypeOf(type)) {
    const kind: unknown = (type as unknown as Record<symbol, unknown>)[entityKind];
    const dialect = typeof kind === "string" ? KINDS[kind] : undefined;
    if (dialect !== undefined) return dialect;
  }
  return undefined;
}

/** The inbox's `?` statement as Drizzle SQL: its text raw, each value a parameter (Drizzle numbers them). */
function statement(text: string, params: readonly unknown[]): SQL {
  const pieces = text.split("?");
  const chunks: SQL[] = [sql.raw(pieces[0] as string)];
  params.forEach((value, i) => chunks.push(sql`${sql.param(value)}`, sql.raw(pieces[i + 1] as string)));
  return sql.join(chunks);
}

// Drizzle wraps the driver's error (DrizzleQueryError): its code is what tells a lock timeout.
const driverError = (error: unknown): unknown => errorField(error, "cause") ?? error;

interface ExecutingTransaction {
  execute(query: SQL): Promise<unknown>;
}

function ormTransaction<Tx>(db: DrizzleDatabaseLike, dialect: OrmDialect): InTransaction<Tx> {
  const transaction = db.transaction.bind(db) as unknown as <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;
  return (work) =>
    transaction(async (tx) => {
      const run: SqlRun = async (text, params) => {
        try {
          return driverResult(dialect, await (tx as unknown as ExecutingTransaction).execute(statement(text, params)));
        } catch (error) {
          throw driverError(error);
        }
      };
      return workThenCheck(dialect, run, () => work(run, tx));
    }).catch((error: unknown) => {
      // Drizzle's own statements too: a ROLLBACK on a lost connection fails, and its error replaces the statement's.
      throw driverError(error);
    });
}

const isBetterSqlite = (client: unknown): client is SqliteDatabaseLike =>
  typeof client === "object" &&
  client !== null &&
  typeof (client as SqliteDatabaseLike).prepare === "function" &&
  typeof (client as SqliteDatabaseLike).exec === "function";

/**
 * `inbox` for the notification router through Drizzle: each notification is recorded in the same
 * transaction as `onPayment`'s writes (`ctx.transaction`). On PostgreSQL and MySQL that is
 * `db.transaction()`'s; on better-sqlite3, whose `db.transaction()` is synchronous and cannot await
 * `onPayment`, the inbox runs BEGIN IMMEDIATE on the database's connection itself and
 * `ctx.transaction` is the `db`. Run `await inbox.migrate()` once at start-up.
 */
export function drizzleInbox<Db extends DrizzleDatabaseLike>(
  options: DrizzleInboxOptions<Db>,
): SqlInbox<DrizzleTransaction<Db>> {
  const db = options.db as Db | undefined;
  if (typeof db?.transaction !== "function") throw optionError("db", "must be a Drizzle database");
  const dialect = dialectOf(db);
  if (dialect === undefined) throw optionError("db", "must be a Drizzle database on PostgreSQL, MySQL or SQLite");
  let transaction: InTransaction<DrizzleTransaction<Db>>;
  if (dialect === "sqlite") {
    const client = (db as { $client?: unknown }).$client;
    if (!isBetterSqlite(client)) throw optionError("db", "on SQLite must be a Drizzle database over better-sqlite3");
    transaction = connectionTransaction(client, db as DrizzleTransaction<Db>);
  } else {
    // node-postgres: Drizzle checks a client out of the Pool for the transaction and listens on it for nothing.
    const client = (db as { $client?: unknown }).$client;
    if (dialect === "postgres" && isPgPool(client)) listenWhileLent(client);
    transaction = ormTransaction(db, dialect);
  }
  return sqlInbox({ ...options, dialect, transaction });
}
