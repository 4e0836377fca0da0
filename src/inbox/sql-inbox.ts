import { positiveNumber, wholeNumber } from "../options/number-options";
import { optionError } from "../options/option-error";
import { readyWithin } from "../stores/ready-within";
import type { DokuStore, Readiness, ReadyOptions } from "../stores/store";
import type { DokuInbox, InboxKey, InboxOutcome } from "./inbox";
import { MYSQL } from "./mysql-dialect";
import { POSTGRES } from "./postgres-dialect";
import { replaySql } from "./replay-sql";
import { type SqlDialect, type SqlDurabilityFindings, TABLE_NAME } from "./sql-dialect";
import { sqlReplayStore } from "./sql-replay-store";
import type { InTransaction, SqlRun } from "./sql-transaction";
import { SQLITE } from "./sqlite-dialect";
import { LockWaitTimeout } from "./turns";

export type { InTransaction, SqlResult, SqlRun } from "./sql-transaction";

export interface SqlInboxOptions<Tx> {
  /** The database `transaction` runs on: its SQL differs. */
  dialect: "postgres" | "mysql" | "sqlite" | SqlDialect;
  transaction: InTransaction<Tx>;
  /** Default `doku_inbox`. */
  table?: string;
  /** How long a duplicate waits on the notification it repeats before a 409. Default 5,000 ms. */
  lockTimeoutMs?: number;
  /** Rows older than this are deleted, in batches, off the answer's path. Default 7 days. */
  retentionMs?: number;
  /** Clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** An inbox over a SQL database, with its table's upkeep. */
export interface SqlInbox<Tx> extends DokuInbox<Tx> {
  readonly table: string;
  /** Creates the table and its index if missing; safe when several processes start at once. */
  migrate(): Promise<void>;
  /** The statements `migrate()` runs, for the merchant's own migration tool. */
  readonly schemaSql: readonly string[];
  /** Deletes rows older than `retentionMs`, in batches; returns how many. The inbox runs it on its own too. */
  deleteExpired(): Promise<number>;
  /** Stops the inbox's timer for deleting old rows (it never keeps a process alive). */
  close(): void;
  /**
   * A store for the inquiry router's replay in the same database (its table `<table>_replay`,
   * created by `migrate()` too): an app on several machines with a SQL database needs no Redis.
   */
  replayStore(): DokuStore;
  /**
   * For a readiness probe: one short transaction that reads nothing from the table (and from
   * `<table>_replay` once `replayStore()` was taken), within `timeoutMs` (default 1,000 ms). Not
   * ready when the database does not answer, a table is missing (its detail says to run
   * `migrate()`) or the table cannot roll back (MySQL's MyISAM). Settings under which a committed
   * notification could be lost after a crash are warnings. Never rejects.
   */
  ready(options?: ReadyOptions): Promise<Readiness>;
}

const DIALECTS: Readonly<Partial<Record<string, SqlDialect>>> = { postgres: POSTGRES, mysql: MYSQL, sqlite: SQLITE };
const DAY_MS = 24 * 60 * 60_000;
const SWEEP_BATCH = 500;
const SWEEP_EVERY_MS = 10 * 60_000;

// Thrown inside the transaction to roll it back, caught outside it.
class Rollback extends Error {
  constructor(readonly outcome: InboxOutcome<never>) {
    super(`rolled back: ${outcome.state}`);
  }
}
class WorkFailed extends Error {
  constructor(readonly failure: unknown) {
    super("onPayment threw");
  }
}

function dialectOption(value: unknown): SqlDialect {
  if (typeof value === "object" && value !== null) return value as SqlDialect;
  const dialect = typeof value === "string" ? DIALECTS[value] : undefined;
  if (dialect === undefined) throw optionError("dialect", 'must be "postgres", "mysql" or "sqlite"');
  return dialect;
}

export function sqlInbox<Tx>(options: SqlInboxOptions<Tx>): SqlInbox<Tx> {
  const { transaction } = options;
  const dialect = dialectOption(options.dialect);
  if (typeof transaction !== "function") throw optionError("transaction", "must be a function");
  const table = options.table ?? "doku_inbox";
  if (typeof table !== "string" || !TABLE_NAME.test(table)) {
    throw optionError("table", "must be a table name: letters, digits and _, optionally schema.table");
  }
  // A timer past 2^31 - 1 ms fires at once, and PostgreSQL refuses such a lock_timeout.
  const lockTimeoutMs = wholeNumber("lockTimeoutMs", options.lockTimeoutMs, 5_000, 1, 600_000);
  const retentionMs = positiveNumber("retentionMs", options.retentionMs, 7 * DAY_MS);
  const now = options.now ?? Date.now;
  const limits = { lockTimeoutMs };
  const insertKey = dialect.insertKey(table);
  const selectKey = dialect.selectKey(table);
  const deleteBefore = dialect.deleteBefore(table, SWEEP_BATCH);
  const replay = replaySql(dialect, `${table}_replay`, SWEEP_BATCH);
  const schemaSql = [...dialect.schema(table), ...replay.schema];
  let sweeper: NodeJS.Timeout | undefined;
  let replayTaken = false;

  async function insertKeys(run: SqlRun, keys: readonly InboxKey[]): Promise<void> {
    const createdAt = now();
    for (const statement of dialect.lockTimeout(lockTimeoutMs)) await run(statement, []);
    let failed = false;
    try {
      for (const { key, fingerprint } of keys) {
        const inserted = await run(insertKey, [key, fingerprint, createdAt]);
        if (inserted.changes === 1) continue;
        const held = await run(selectKey, [key]);
        const found = held.rows[0]?.fingerprint;
        throw new Rollback({ state: "seen", key, fingerprint: typeof found === "string" ? found : "" });
      }
    } catch (error) {
      failed = !(error instanceof Rollback);
      throw error;
    } finally {
      // onPayment's own statements wait as the merchant set. After a failed statement PostgreSQL
      // refuses any other (25P02): that error must not stand in for the first.
      for (const statement of dialect.restoreLockTimeout)
        await run(statement, []).catch((error: unknown) => {
          if (!failed) throw error;
        });
    }
  }

  function startSweeping(): void {
    if (sweeper !== undefined) return;
    sweeper = setInterval(() => void deleteExpired().catch(() => 0), Math.min(SWEEP_EVERY_MS, retentionMs));
    sweeper.unref();
  }

  async function deleteExpired(): Promise<number> {
    let total = 0;
    for (const [statement, cutoff] of [
      [deleteBefore, () => now() - retentionMs],
      [replay.deleteExpired, now],
    ] as const) {
      for (;;) {
        // One short transaction per batch: never a long lock on the table.
        const deleted = await transaction((run) => run(statement, [cutoff()]), limits);
        total += deleted.changes;
        if (deleted.changes < SWEEP_BATCH) break;
      }
    }
    return total;
  }

  return {
    table,
    schemaSql,
    async record<T>(keys: readonly InboxKey[], work: (tx: Tx) => Promise<T>): Promise<InboxOutcome<T>> {
      startSweeping();
      try {
        const value = await transaction(async (run, tx) => {
          try {
            await insertKeys(run, keys);
          } catch (error) {
            if (error instanceof Rollback) throw error;
            const failure = dialect.classify(error);
            if (failure === "lock_timeout") throw new Rollback({ state: "busy" });
            throw error;
          }
          let value: T;
          try {
            value = await work(tx);
          } catch (error) {
            throw new WorkFailed(error);
          }
          // MySQL rolls the whole transaction back on a deadlock inside onPayment, and what follows
          // autocommits: the keys are then gone, and nothing may be answered 200.
          if (dialect.name === "mysql" && (await run(selectKey, [keys[0]?.key])).rows.length === 0) {
            throw new Error("the transaction was rolled back inside onPayment (a deadlock?): nothing was recorded");
          }
          return value;
        }, limits);
        return { state: "recorded", value };
      } catch (error) {
        if (error instanceof Rollback) return error.outcome;
        if (error instanceof WorkFailed) return { state: "failed", error: error.failure };
        const failure = error instanceof LockWaitTimeout ? "lock_timeout" : dialect.classify(error);
        if (failure === "lock_timeout") return { state: "busy" };
        return { state: "unavailable", error, missingTable: failure === "missing_table" };
      }
    },
    async migrate(): Promise<void> {
      await transaction(async (run) => {
        for (const statement of [...dialect.migrationLock, ...schemaSql]) await run(statement, []);
      }, limits);
    },
    deleteExpired,
    replayStore: () => {
      startSweeping();
      replayTaken = true;
      return sqlReplayStore(transaction, replay, now, limits);
    },
    ready: (options) =>
      readyWithin(options, "the database", async () => {
        const tables = replayTaken ? [table, `${table}_replay`] : [table];
        let reading = table;
        let found: SqlDurabilityFindings;
        try {
          found = await transaction(async (run) => {
            for (const name of tables) {
              reading = name;
              await run(`SELECT 1 FROM ${name} WHERE 1 = 0`, []);
            }
            return (await dialect.durability?.(run, table)) ?? { warnings: [] };
          }, limits);
        } catch (error) {
          if (dialect.classify(error) !== "missing_table") throw error;
          return { ready: false, detail: `the table ${reading} is missing: run inbox.migrate()`, warnings: [] };
        }
        const { warnings, notReady } = found;
        if (notReady !== undefined) return { ready: false, detail: notReady, warnings };
        return { ready: true, detail: `the database answered; ${tables.join(" and ")} in place`, warnings };
      }),
    close(): void {
      if (sweeper !== undefined) clearInterval(sweeper);
      sweeper = undefined;
    },
  };
}
