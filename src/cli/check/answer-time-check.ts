import { type CheckOutcome, failed, outcomeOf } from "./check-types";
import type { InquiryCall } from "./inquiry-calls";

export interface Timing {
  answers: number;
  p50Ms: number;
  slowestMs: number;
}

export function timingOf(calls: readonly InquiryCall[]): Timing | undefined {
  const times = calls.map((c) => c.exchange.durationMs).sort((a, b) => a - b);
  if (times.length === 0) return undefined;
  const p50Ms = times[Math.floor((times.length - 1) / 2)] as number;
  return { answers: times.length, p50Ms, slowestMs: times[times.length - 1] as number };
}

/** Every genuine inquiry of the run against the budget: a customer at the till waits for the slowest. */
export function answerTimeOutcome(calls: readonly InquiryCall[], budgetMs: number): CheckOutcome {
  const id = "answer-time";
  const timing = timingOf(calls);
  if (timing === undefined) return failed(id, "no inquiry was sent");
  const summary = `median ${timing.p50Ms} ms, slowest ${timing.slowestMs} ms over ${timing.answers} inquiries; budget ${budgetMs} ms`;
  const problems = calls
    .filter((c) => !c.exchange.ok || c.exchange.durationMs > budgetMs)
    .map((c) => `${c.label}: ${c.exchange.ok ? `${c.exchange.durationMs} ms` : c.exchange.detail}`);
  return outcomeOf(id, problems.length === 0 ? [] : [summary, ...problems], summary);
}
