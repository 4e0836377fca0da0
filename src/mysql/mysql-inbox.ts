import { MYSQL } from "../inbox/mysql-dialect";
import { errorField } from "../inbox/sql-dialect";
import { type InTransaction, type SqlInbox, sqlInbox, type SqlInboxOptions, type SqlRun } from "../inbox/sql-inbox";
import { optionError } from "../options/option-error";

/** What the inbox needs of a `mysql2/promise` connection: `PoolConnection` has it. */
export interface MysqlConnectionLike {
  query(sql: string, values?: unknown[]): Promise<[unknown, unknown]>;
  release(): void;
  destroy(): void;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeListener(event: "error", listener: (error: Error) => void): unknown;
}

/** What the inbox needs of a `mysql2/promise` `Pool`. */
export interface MysqlPoolLike<Connection extends MysqlConnectionLike> {
  getConnection(): Promise<Connection>;
}

export interface MysqlInboxOptions<Connection extends MysqlConnectionLike> extends Omit<
  SqlInboxOptions<Connection>,
  "dialect" | "transaction"
> {
  /** The app's `mysql2/promise` Pool. Each notification takes one connection for its transaction. */
  pool: MysqlPoolLike<Connection>;
}

// One of the server's status flags, sent with every OK packet: a transaction is open.
const SERVER_STATUS_IN_TRANS = 1;
const inTransaction = (status: number) => (status & SERVER_STATUS_IN_TRANS) !== 0;

/**
 * A transaction on a connection of the pool: BEGIN, the work, COMMIT; ROLLBACK when the work
 * throws. A connection whose BEGIN, COMMIT or ROLLBACK failed, or that was lost, is destroyed,
 * not pooled again.
 */
function poolTransaction<Connection extends MysqlConnectionLike>(
  pool: MysqlPoolLike<Connection>,
): InTransaction<Connection> {
  return async (work) => {
    const connection = await pool.getConnection();
    let destroy = false;
    // A checked-out connection whose socket dies emits "error" (mysql2's pool hears it too): heard
    // here, the connection is destroyed at the end, never pooled again.
    // The statement in flight fails too, and that failure is what the inbox reports.
    const lost = () => {
      destroy = true;
    };
    connection.on("error", lost);
    // A statement of the transaction's own that fails leaves the connection in doubt.
    const control = async (sql: string) => {
      try {
        const [result] = await connection.query(sql);
        return result as { serverStatus?: number };
      } catch (error) {
        destroy = true;
        throw error;
      }
    };
    // Whether the transaction was open after the inbox's last statement: DDL (migrate()) commits it.
    let open = true;
    const run: SqlRun = async (sql, params) => {
      let result: unknown;
      try {
        [result] = await connection.query(sql, [...params]);
      } catch (error) {
        if (errorField(error, "fatal") === true) destroy = true;
        throw error;
      }
      if (Array.isArray(result)) return { rows: result as Record<string, unknown>[], changes: 0 };
      const header = result as { affectedRows?: number; serverStatus?: number };
      if (typeof header.serverStatus === "number") open = inTransaction(header.serverStatus);
      return { rows: [], changes: header.affectedRows ?? 0 };
    };
    try {
      await control("START TRANSACTION");
      let value;
      try {
        value = await work(run, connection);
        // A deadlock inside the work rolls the whole transaction back (keys included), and a
        // statement that commits implicitly ends it: either way what follows ran outside it.
        if (open && !inTransaction((await control("DO 0")).serverStatus ?? SERVER_STATUS_IN_TRANS)) {
          throw new Error(
            "the transaction ended inside onPayment (a deadlock rolled it back, or a statement committed it)",
          );
        }
      } catch (error) {
        await control("ROLLBACK").catch(() => undefined);
        throw error;
      }
      await control("COMMIT");
      return value;
    } finally {
      // A destroyed connection keeps the listener: a late "error" of its socket stays heard.
      if (destroy) connection.destroy();
      else {
        connection.removeListener("error", lost);
        connection.release();
      }
    }
  };
}

/**
 * `inbox` for the notification router on MySQL or MariaDB through `mysql2/promise`: each
 * notification is recorded in the same transaction as `onPayment`'s writes (`ctx.transaction` is
 * the `PoolConnection` inside START TRANSACTION). Run `await inbox.migrate()` once at start-up.
 */
export function mysqlInbox<Connection extends MysqlConnectionLike>(
  options: MysqlInboxOptions<Connection>,
): SqlInbox<Connection> {
  const pool = options.pool as MysqlPoolLike<Connection> | undefined;
  if (typeof (pool as { promise?: unknown } | undefined)?.promise === "function") {
    throw optionError("pool", "is mysql2's callback Pool: pass pool.promise(), or create it with mysql2/promise");
  }
  if (typeof pool?.getConnection !== "function") {
    throw optionError("pool", "must be a mysql2/promise Pool (it has no getConnection())");
  }
  return sqlInbox({ ...options, dialect: MYSQL, transaction: poolTransaction(pool) });
}
