import type { CheckRun, CheckStatus } from "./check-types";

/** "27 checks: 22 passed, 2 failed, 2 skipped, 1 to confirm". */
export function countLine(run: CheckRun): string {
  const count = (status: CheckStatus) => run.outcomes.filter((o) => o.status === status).length;
  const parts = (["passed", "failed", "skipped", "to confirm"] as const)
    .map((status) => [count(status), status] as const)
    .filter(([n]) => n > 0)
    .map(([n, status]) => `${n} ${status}`);
  return `${run.outcomes.length} checks: ${parts.join(", ")}`;
}

/** "24 requests; inquiry answers: median 3 ms, slowest 12 ms (budget 3000 ms)". */
export function timingLine(run: CheckRun): string {
  const t = run.timing;
  const times =
    t === undefined ? "no inquiry answered" : `inquiry answers: median ${t.p50Ms} ms, slowest ${t.slowestMs} ms`;
  return `${run.requests} requests; ${times} (budget ${run.budgetMs} ms)`;
}

export function verdict(run: CheckRun): string {
  return run.ok
    ? "Every check DOKU makes passed: confirm the points marked to confirm, then send this report to DOKU."
    : "DOKU would send these endpoints back: fix what failed, then run the check again.";
}
