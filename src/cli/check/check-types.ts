import type { CheckId } from "./check-catalog";

/** `to confirm`: the check cannot see it from outside; the report says how the merchant can. */
export type CheckStatus = "passed" | "failed" | "skipped" | "to confirm";

export interface CheckOutcome {
  id: CheckId;
  status: CheckStatus;
  /** What was seen: one line each; for a skip, why it did not run. */
  details: string[];
}

export interface CheckInput {
  inquiryUrl: string;
  notifyUrl: string;
  clientId: string;
  secretKey: string;
  codes: { payable: string; paid?: string | undefined; expired?: string | undefined; unknown?: string | undefined };
  /** `{invoice}` in it is replaced by the invoice number: a GET whose JSON says whether the order is paid. */
  orderStatusUrl?: string | undefined;
  budgetMs: number;
  timeoutMs: number;
  /** The pause before each request, so that the run does not look like an attack. */
  spacingMs: number;
}

export interface CheckRun {
  inquiryUrl: string;
  notifyUrl: string;
  clientId: string;
  startedAt: string;
  budgetMs: number;
  /** Requests sent, all to the two URLs (and the order status URL when given). */
  requests: number;
  timing: { answers: number; p50Ms: number; slowestMs: number } | undefined;
  outcomes: CheckOutcome[];
  /** Every required check passed: nothing failed. */
  ok: boolean;
}

export const passed = (id: CheckId, ...details: string[]): CheckOutcome => ({ id, status: "passed", details });
export const failed = (id: CheckId, ...details: string[]): CheckOutcome => ({ id, status: "failed", details });
export const skipped = (id: CheckId, why: string): CheckOutcome => ({ id, status: "skipped", details: [why] });
export const toConfirm = (id: CheckId, ...details: string[]): CheckOutcome => ({ id, status: "to confirm", details });
export const is2xx = (status: number): boolean => status >= 200 && status < 300;
export const isRedirect = (status: number): boolean => status >= 300 && status < 400;
/** Passed when there is nothing to say, failed otherwise. */
export const outcomeOf = (id: CheckId, problems: readonly string[], ...fine: string[]): CheckOutcome =>
  problems.length === 0 ? passed(id, ...fine) : failed(id, ...new Set(problems));
