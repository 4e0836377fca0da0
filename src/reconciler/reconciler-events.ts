import type { DokuErrorType } from "../client/doku-error";
import type { Reason } from "../pipeline/reasons";

/**
 * What became of a SUCCESS the reconciler found: `delivered` (onPayment ran: DOKU's notification
 * had not come), `duplicate` (a notification, or an earlier sweep, had handled it), `failed`
 * (onPayment threw or timed out, the store or inbox failed: asked again later), `refused` (the
 * answer does not match the order, e.g. another amount: not delivered).
 */
export type FoundOutcome = "delivered" | "duplicate" | "failed" | "refused";

/** What one sweep did. */
export interface SweepResult {
  /** Check Status calls made. */
  checked: number;
  /** SUCCESS answers, by what became of them. */
  found: Record<FoundOutcome, number>;
  /** Check Status calls that failed: those orders are asked again later, nothing was marked paid. */
  failed: number;
  /** Orders due but left for a later sweep: the calls-per-minute budget was spent, DOKU was failing, or `stop()` came. */
  deferred: number;
}

/** One event per thing worth a log line. Never a secret, never a customer's name or e-mail. */
export interface ReconcilerEvent {
  /**
   * - `found`: DOKU said SUCCESS (`outcome` says what became of it);
   * - `check_failed`: Check Status failed (`errorType`); asked again in `retryInMs`;
   * - `not_paid`: a final status other than SUCCESS (`status`: EXPIRED, FAILED, TIMEOUT): not asked again;
   * - `skipped`: an entry of `pending()` that is not an order (`detail` says why);
   * - `late`: onPayment ended after `timeoutMs`, after its find was reported;
   * - `sweep`: a sweep ended (`sweep`), or `pending()` failed (level `error`).
   */
  type: "found" | "check_failed" | "not_paid" | "skipped" | "late" | "sweep";
  level: "info" | "warn" | "error";
  invoiceNumber?: string | undefined;
  /** DOKU's `transaction.status`. */
  status?: string | undefined;
  outcome?: FoundOutcome | undefined;
  /** `found`, `late`: the reason the notification path gave (`handled`, `duplicate`, `handler_error`, …). */
  reason?: Reason | undefined;
  /** `check_failed`: the DokuError's type, or `error` for anything else the client threw. */
  errorType?: DokuErrorType | "error" | undefined;
  /** When the order is asked again, in ms from now. */
  retryInMs?: number | undefined;
  requestId?: string | undefined;
  idempotencyKey?: string | undefined;
  paymentCode?: string | undefined;
  sweep?: SweepResult | undefined;
  /** A sentence for a person: what happened and what comes next. */
  detail: string;
  error?: unknown;
}

export type ReconcilerEventSink = (event: ReconcilerEvent) => void;

// A control or separator character would split the line or forge another one in the log.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu;

/** Without an `onEvent`: each `error` event as one line on stderr. */
export function printReconcilerError(event: ReconcilerEvent): void {
  if (event.level !== "error") return;
  const detail = event.detail.length > 300 ? `${event.detail.slice(0, 300)}…` : event.detail;
  const line = `express-doku [reconciler] ${event.type}: ${detail} (invoice ${event.invoiceNumber ?? "none"})`;
  console.error(line.replace(UNPRINTABLE, " "));
}

/** A hook of the merchant's must never stop a sweep. */
export function safely<T>(hook: ((value: T) => void) | undefined): (value: T) => void {
  return (value) => {
    try {
      hook?.(value);
    } catch {
      // The hook's own failure is the hook's to report.
    }
  };
}
