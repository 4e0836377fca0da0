import type { DokuErrorType } from "./doku-error";

/** The client's calls, as events and metrics name them. */
export type ClientOperation =
  | "createPaymentCode"
  | "createIndomaretPaymentCode"
  | "registerPaymentCode"
  | "updatePaymentCode"
  | "cancelPaymentCode"
  | "getStatus";

/** What the client did, for the merchant's logs and metrics. Never a secret; bodies only with `eventBodies`. */
export interface ClientEvent {
  /**
   * `request` before each attempt, `response` after it, `retry` before waiting to try again,
   * `response_signature` when DOKU's answer did not verify, `result` once per call at its end.
   */
  type: "request" | "response" | "retry" | "response_signature" | "result";
  operation: ClientOperation;
  method: string;
  path: string;
  requestId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** ms since the call started. */
  elapsedMs: number;
  /** The HTTP status answered (`response`). */
  status?: number | undefined;
  /** Why it is retried, or why the signature did not verify. */
  reason?: string | undefined;
  /** `retry`: how long it waits first. */
  delayMs?: number | undefined;
  /** `result`: `ok`, or the type of the DokuError the call threw. */
  outcome?: "ok" | DokuErrorType | undefined;
  /** With `eventBodies` only. */
  body?: string | undefined;
  answer?: string | undefined;
}

export function safeEmit(onEvent: ((event: ClientEvent) => void) | undefined, event: ClientEvent): void {
  if (onEvent === undefined) return;
  try {
    onEvent(event);
  } catch {
    // A logging hook's failure is the hook's own; the call goes on.
  }
}
