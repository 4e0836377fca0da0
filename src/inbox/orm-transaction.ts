import type { InTransaction, SqlResult, SqlRun } from "./sql-transaction";
import { Turns } from "./turns";

/** The databases an ORM's inbox tells apart: what `sqlInbox`'s `dialect` takes. */
export type OrmDialect = "postgres" | "mysql" | "sqlite";

/**
 * An ORM's transaction, one at a time within the process, each waiting at most `lockTimeoutMs`
 * for its turn: for SQLite, whose ORMs hold one connection and queue on it without a bound.
 */
export function takingTurns<Tx>(transaction: InTransaction<Tx>): InTransaction<Tx> {
  const turns = new Turns();
  return async (work, limits) => {
    const done = await turns.take(limits.lockTimeoutMs);
    try {
      return await transaction(work, limits);
    } finally {
      done();
    }
  };
}

/**
 * Runs the work, then, on PostgreSQL, one statement more in its transaction. A transaction in which
 * a statement failed (an error the work caught) ends in a ROLLBACK even when asked to COMMIT, and
 * the ORMs take that for a commit; the statement fails instead (SQLSTATE 25P02), so the
 * transaction rolls back as failed and nothing is reported recorded.
 */
export async function workThenCheck<T>(dialect: OrmDialect, run: SqlRun, work: () => Promise<T>): Promise<T> {
  const value = await work();
  if (dialect === "postgres") await run("SELECT 1", []);
  return value;
}

type Row = Record<string, unknown>;

/**
 * What a driver's raw query resolves to, as the inbox reads it: `pg`'s Result ({ rows, rowCount }),
 * `mysql2`'s [rows or ResultSetHeader, fields], `better-sqlite3`'s rows or RunResult ({ changes }).
 */
export function driverResult(dialect: OrmDialect, response: unknown): SqlResult {
  if (dialect === "mysql") {
    const first = (response as unknown[])[0];
    if (Array.isArray(first)) return { rows: first as Row[], changes: 0 };
    return { rows: [], changes: Number((first as { affectedRows?: number }).affectedRows ?? 0) };
  }
  if (Array.isArray(response)) return { rows: response as Row[], changes: 0 };
  const result = response as { rows?: Row[]; rowCount?: number | null; changes?: number };
  if (dialect === "postgres") return { rows: result.rows ?? [], changes: result.rowCount ?? 0 };
  return { rows: [], changes: result.changes ?? 0 };
}
