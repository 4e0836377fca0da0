import { performance } from "node:perf_hooks";

import { type Answer, jsonAnswer } from "../http/answer";
import type { AuthenticatedRequest } from "../pipeline/authenticate-request";
import type { Outcome } from "../pipeline/create-receiver";
import type { EventSink } from "../pipeline/events";
import type { Reason } from "../pipeline/reasons";

export const DONE: Answer = jsonAnswer(200, { status: "OK" });
// Constant sentences: an answer's event costs no string built per request.
export const HANDLED = "onPayment completed; DOKU got its 200";
export const REPEATED_REQUEST = "a repeat of a handled Request-Id: answered 200 again; onPayment not run";
export const REPEATED_PAYMENT = "the same payment under a new Request-Id: answered 200; onPayment not run again";

export const failure = (
  statusCode: number,
  reason: Reason,
  level: Outcome["level"],
  detail: string,
  error?: unknown,
): Outcome => ({
  answer: jsonAnswer(statusCode, { error: statusCode === 401 ? "invalid_signature" : reason }),
  reason,
  level,
  detail,
  error,
});

export const storeDown = (error: unknown) =>
  failure(
    503,
    "store_unavailable",
    "error",
    `idempotency store unavailable; DOKU will retry later: ${String(error)}`,
    error,
  );

/** What happened after the answer was sent (a handler that outlived `timeoutMs`): an event of its own. */
export function reportLater(
  emit: EventSink | undefined,
  auth: AuthenticatedRequest,
  idempotencyKey: string,
  started: number,
  reason: Reason,
  detail: string,
): void {
  emit?.({
    router: "notification",
    level: "error",
    reason,
    statusCode: 500,
    replayed: false,
    requestId: auth.requestId,
    clientId: auth.clientId,
    idempotencyKey,
    durationMs: performance.now() - started,
    detail,
  });
}
