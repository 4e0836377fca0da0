import { performance } from "node:perf_hooks";

import type { DokuInbox, InboxOutcome } from "../inbox/inbox";
import type { AuthenticatedRequest } from "../pipeline/authenticate-request";
import type { Outcome } from "../pipeline/create-receiver";
import type { EventSink } from "../pipeline/events";
import { LazyAbort } from "../pipeline/lazy-abort";
import { runWithDeadline } from "../pipeline/run-with-deadline";
import { ON_PAYMENT_CHANNEL, traced, who } from "../pipeline/traces";
import { notificationContentKey, parseDokuBody, paymentNotificationSchema } from "../protocol";
import { NotificationCall } from "./notification-call";
import type { OnPaymentFor } from "./notification-context";
import { DONE, failure, HANDLED, REPEATED_PAYMENT, REPEATED_REQUEST, reportLater } from "./notification-outcomes";

const MIGRATE =
  "the inbox's table is missing: run `await inbox.migrate()` at start-up (or add `inbox.schemaSql` to your migrations)";

/** An inbox's answer for a notification whose transaction ended as `result` says. */
function outcomeOf(result: InboxOutcome<void>, auth: AuthenticatedRequest, requestKey: string): Outcome {
  switch (result.state) {
    case "recorded":
      return { answer: DONE, reason: "handled", level: "info", detail: HANDLED };
    case "seen":
      if (result.key !== requestKey)
        return { answer: DONE, reason: "duplicate", level: "info", replayed: true, detail: REPEATED_PAYMENT };
      if (result.fingerprint === auth.digest)
        return { answer: DONE, reason: "duplicate", level: "info", replayed: true, detail: REPEATED_REQUEST };
      return failure(
        401,
        "request_id_reused",
        "warn",
        "this Request-Id was already used with another body: a replay attempt",
      );
    case "busy":
      return failure(409, "in_progress", "warn", "the same notification is still being handled (its row is locked)");
    case "failed": {
      const message = result.error instanceof Error ? result.error.message : String(result.error);
      return failure(
        500,
        "handler_error",
        "error",
        `onPayment threw: ${message}; rolled back, DOKU will retry`,
        result.error,
      );
    }
    case "unavailable":
      if (result.missingTable) return failure(500, "store_unavailable", "error", MIGRATE, result.error);
      return failure(
        503,
        "store_unavailable",
        "error",
        `the inbox's database failed; nothing was recorded, DOKU will retry later: ${String(result.error)}`,
        result.error,
      );
  }
}

/**
 * A notification through the merchant's database: its keys and `onPayment`'s writes in one
 * transaction, so it is recorded exactly when the order is. A duplicate waits on the first
 * (the database's row lock), then finds it committed, or gets 409 while it still runs.
 */
export function inboxNotification<Req, Tx>(
  inbox: DokuInbox<Tx>,
  onPayment: OnPaymentFor<Req, Tx>,
  timeoutMs: number,
  emit: EventSink | undefined,
): (auth: AuthenticatedRequest, req: Req) => Promise<Outcome> {
  return async function handleInInbox(auth, req) {
    const started = performance.now();
    const parsed = parseDokuBody(auth.body, paymentNotificationSchema);
    if (!parsed.ok) return failure(400, parsed.reason, "warn", parsed.detail);
    const notification = parsed.value;
    const idempotencyKey = notificationContentKey(auth.clientId, notification);
    const requestKey = `notification:request:${auth.clientId}:${auth.requestId}`;
    // Always the request's key first, then the payment's: two transactions never wait on each other in a circle.
    const keys = [
      { key: requestKey, fingerprint: auth.digest },
      { key: `notification:payment:${idempotencyKey}`, fingerprint: idempotencyKey },
    ];
    const described = { idempotencyKey, paymentCode: parsed.paymentCode };
    const abort = new LazyAbort();
    const run = await runWithDeadline(
      () =>
        inbox.record(keys, async (tx) => {
          const handle = () => onPayment(notification, new NotificationCall(abort, auth, idempotencyKey, req, tx));
          await traced(ON_PAYMENT_CHANNEL, handle, () => ({ router: "notification", ...who(auth), ...described }));
        }),
      timeoutMs,
      abort,
    );
    if (run.kind === "timeout") {
      // The transaction ends when onPayment does: committed (DOKU's retry then finds it) or rolled back.
      void run.settled.then((settled) => {
        const ended = settled.kind === "fulfilled" ? settled.value.state : "failed";
        if (ended === "recorded") return;
        reportLater(
          emit,
          auth,
          idempotencyKey,
          started,
          "handler_timeout",
          `onPayment ended after its answer: ${ended}, nothing recorded`,
        );
      });
      return {
        ...failure(500, "handler_timeout", "error", `onPayment did not finish within ${timeoutMs} ms; DOKU will retry`),
        ...described,
      };
    }
    // An inbox of the merchant's own making may reject: the database's failure, as far as we can tell.
    const result: InboxOutcome<void> =
      run.kind === "fulfilled" ? run.value : { state: "unavailable", error: run.error, missingTable: false };
    return { ...outcomeOf(result, auth, requestKey), ...described };
  };
}
