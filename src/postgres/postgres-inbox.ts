import { numberedPlaceholders } from "../inbox/numbered-placeholders";
import { POSTGRES } from "../inbox/postgres-dialect";
import { type InTransaction, type SqlInbox, sqlInbox, type SqlInboxOptions } from "../inbox/sql-inbox";
import { optionError } from "../options/option-error";

/** What the inbox needs of a `pg` client: `PoolClient` has it. */
export interface PostgresClientLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null; command: string }>;
  release(destroy?: boolean | Error): void;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeListener(event: "error", listener: (error: Error) => void): unknown;
}

/** What the inbox needs of a `pg` `Pool`. */
export interface PostgresPoolLike<Client extends PostgresClientLike = PostgresClientLike> {
  connect(): Promise<Client>;
}

type FromCallback<Pool> = Pool extends {
  connect(callback: (error: never, client: infer Client, ...rest: never[]) => void): void;
}
  ? Exclude<Client, undefined>
  : unknown;
type FromPromise<Pool> = Pool extends { connect(): Promise<infer Client> } ? Client : unknown;

/**
 * The client a pool hands out: `PoolClient` for `pg`'s Pool. Its `connect` is overloaded and
 * TypeScript infers from the last overload, the callback one: the client is read from there,
 * else from a `connect()` that returns it.
 */
export type ClientOfPool<Pool> =
  unknown extends FromCallback<Pool>
    ? unknown extends FromPromise<Pool>
      ? PostgresClientLike
      : FromPromise<Pool>
    : FromCallback<Pool>;

export interface PostgresInboxOptions<Pool extends PostgresPoolLike> extends Omit<
  SqlInboxOptions<ClientOfPool<Pool>>,
  "dialect" | "transaction"
> {
  /** The app's `pg` Pool. Each notification takes one connection for its transaction. */
  pool: Pool;
}

/**
 * A transaction on a connection of the pool: BEGIN, the work, COMMIT; ROLLBACK when the work
 * throws. A connection whose BEGIN, COMMIT or ROLLBACK failed is destroyed, not pooled again.
 */
function poolTransaction(pool: PostgresPoolLike): InTransaction<PostgresClientLike> {
  return async (work) => {
    const client = await pool.connect();
    let destroy: Error | undefined;
    // A checked-out client whose connection dies emits "error": unheard, it would end the process.
    // The statement in flight fails too, and that failure is what the inbox reports.
    const lost = (error: Error) => {
      destroy = error;
    };
    client.on("error", lost);
    // A statement of the transaction's own that fails leaves the connection in doubt.
    const control = (sql: string) =>
      client.query(sql).catch((error: unknown) => {
        destroy = error instanceof Error ? error : new Error(String(error));
        throw error;
      });
    try {
      await control("BEGIN");
      const run = async (sql: string, params: readonly unknown[]) => {
        const result = await client.query(numberedPlaceholders(sql), [...params]);
        return { rows: result.rows as Record<string, unknown>[], changes: result.rowCount ?? 0 };
      };
      let value;
      try {
        value = await work(run, client);
      } catch (error) {
        await control("ROLLBACK").catch(() => undefined);
        throw error;
      }
      // A transaction that failed inside the work (an error the work caught) ends in a ROLLBACK
      // that PostgreSQL reports without an error: nothing was recorded.
      const committed = await control("COMMIT");
      if (committed.command !== "COMMIT") {
        throw new Error("the transaction was rolled back at COMMIT: a statement inside it had failed");
      }
      return value;
    } finally {
      client.removeListener("error", lost);
      client.release(destroy);
    }
  };
}

/**
 * `inbox` for the notification router on PostgreSQL through `pg`: each notification is recorded
 * in the same transaction as `onPayment`'s writes (`ctx.transaction` is the `PoolClient` inside
 * BEGIN). Run `await inbox.migrate()` once at start-up.
 */
export function postgresInbox<Pool extends PostgresPoolLike>(
  options: PostgresInboxOptions<Pool>,
): SqlInbox<ClientOfPool<Pool>> {
  const pool = options.pool as PostgresPoolLike | undefined;
  if (typeof pool?.connect !== "function") throw optionError("pool", "must be a pg Pool (it has no connect())");
  const transaction = poolTransaction(pool) as unknown as InTransaction<ClientOfPool<Pool>>;
  return sqlInbox({ ...options, dialect: POSTGRES, transaction });
}
