import { randomUUID } from "node:crypto";

import type { Answer } from "../http/answer";
import type { ClaimResult, DokuStore } from "../stores/store";
import type { ReplaySql } from "./replay-sql";
import type { InTransaction, SqlRun } from "./sql-transaction";

/** An answer as the replay table keeps it: JSON, the body's bytes in base64. */
function storedAnswer(answer: Answer): string {
  return JSON.stringify({ s: answer.statusCode, h: answer.headers, b: answer.body.toString("base64") });
}

function answerFrom(text: string): Answer {
  const { s, h, b } = JSON.parse(text) as { s: number; h: Answer["headers"]; b: string };
  return { statusCode: s, headers: h, body: Buffer.from(b, "base64") };
}

interface ReplayRow {
  fingerprint: string;
  token: string;
  answer: string | null;
  expiresAt: number;
}

function rowOf(rows: readonly Record<string, unknown>[]): ReplayRow | undefined {
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    fingerprint: String(row.fingerprint),
    token: String(row.token),
    answer: typeof row.answer === "string" ? row.answer : null,
    expiresAt: Number(row.expires_at),
  };
}

/**
 * A DokuStore on the inbox's database, for the inquiry router's replay: an app on several
 * machines with a SQL database needs no Redis. Each operation is one short transaction, and each
 * change is one statement that compares the token: atomic per key.
 */
export function sqlReplayStore<Tx>(
  transaction: InTransaction<Tx>,
  sql: ReplaySql,
  now: () => number,
  limits: { lockTimeoutMs: number },
): DokuStore {
  const inOne = <T>(work: (run: SqlRun) => Promise<T>) => transaction((run) => work(run), limits);
  const changed = (statement: string, params: readonly unknown[]) =>
    inOne(async (run) => (await run(statement, params)).changes === 1);

  return {
    async claim(key: string, fingerprint: string, leaseMs: number): Promise<ClaimResult> {
      // A row deleted or taken over between the statements is read again: twice is plenty.
      for (let attempt = 0; attempt < 3; attempt++) {
        const token = randomUUID();
        const t = now();
        const result = await inOne(async (run): Promise<ClaimResult | undefined> => {
          if ((await run(sql.insert, [key, fingerprint, token, t + leaseMs])).changes === 1) {
            return { state: "claimed", token };
          }
          const row = rowOf((await run(sql.select, [key])).rows);
          if (row === undefined) return undefined;
          if (row.expiresAt <= t) {
            const taken = await run(sql.takeOver, [fingerprint, token, t + leaseMs, key, row.token, t]);
            return taken.changes === 1 ? { state: "claimed", token } : undefined;
          }
          if (row.answer !== null) {
            return { state: "completed", fingerprint: row.fingerprint, answer: answerFrom(row.answer) };
          }
          return { state: "pending", fingerprint: row.fingerprint };
        });
        if (result !== undefined) return result;
      }
      throw new Error(`the replay record ${key} changed three times while it was claimed`);
    },
    complete: (key, token, fingerprint, answer, ttlMs) =>
      changed(sql.complete, [fingerprint, storedAnswer(answer), now() + ttlMs, key, token]),
    release: (key, token) => changed(sql.release, [key, token]),
    renew: (key, token, leaseMs) => changed(sql.renew, [now() + leaseMs, key, token]),
  };
}
