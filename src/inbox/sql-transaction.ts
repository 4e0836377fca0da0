/** What a statement gave back: the rows it returned and how many rows it changed. */
export interface SqlResult {
  rows: readonly Record<string, unknown>[];
  changes: number;
}

/** Runs one statement, `?` placeholders, inside the transaction it was handed with. */
export type SqlRun = (sql: string, params: readonly unknown[]) => Promise<SqlResult>;

/**
 * The one function a database adapter gives: runs `work` in one transaction on the merchant's
 * database, committing when it resolves and rolling back when it throws (then rejecting with
 * what it threw). `run` executes the inbox's statements in that transaction; `tx` is what
 * `onPayment` gets as `ctx.transaction`.
 */
export type InTransaction<Tx> = <T>(
  work: (run: SqlRun, tx: Tx) => Promise<T>,
  limits: { lockTimeoutMs: number },
) => Promise<T>;
