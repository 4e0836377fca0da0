import { performance } from "node:perf_hooks";

import { functionOption } from "../options/function-option";
import { positiveNumber, timerMs } from "../options/number-options";
import { optionError } from "../options/option-error";
import type { AuthenticatedRequest } from "../pipeline/authenticate-request";
import type { Outcome, ReceiverParts } from "../pipeline/create-receiver";
import { LazyAbort } from "../pipeline/lazy-abort";
import { type Reason, REQUEST_FAILURE_STATUS } from "../pipeline/reasons";
import { type ReceiverDefaults, resolveReceiverOptions } from "../pipeline/receiver-options";
import { runWithDeadline } from "../pipeline/run-with-deadline";
import { ON_PAYMENT_CHANNEL, traced, who } from "../pipeline/traces";
import { notificationContentKey, parseDokuBody, paymentNotificationSchema } from "../protocol";
import { ClaimScope } from "../stores/claim-scope";
import { keepLease } from "../stores/lease-keeper";
import { MemoryStore, MIB } from "../stores/memory/memory-store";
import type { ClaimResult } from "../stores/store";
import { inboxNotification } from "./inbox-notification";
import { inboxOption, NO_STORE } from "./inbox-option";
import { NotificationCall } from "./notification-call";
import type { NotificationOptionsFor, OnPaymentFor } from "./notification-context";
import {
  DONE,
  failure,
  HANDLED,
  REPEATED_PAYMENT,
  REPEATED_REQUEST,
  reportLater,
  storeDown,
} from "./notification-outcomes";

const MINUTE_MS = 60_000;
// Renewed every third of the lease, and each renewal may take the store's operation timeout (1 s for Redis).
const MIN_LEASE_MS = 3_000;

/**
 * DOKU's HTTP payment notification endpoint, whatever the framework: verifies the request and
 * runs `onPayment` at most once to completion per payment, across retries and concurrent
 * duplicates. An adapter mounts what this returns.
 */
export function notificationReceiver<Req, Tx = undefined>(
  options: NotificationOptionsFor<Req, Tx>,
  adapter: Pick<ReceiverDefaults<Req>, "requestTarget" | "pathRequired">,
): ReceiverParts<Req> {
  const inbox = inboxOption<Tx>(options.inbox, options.store);
  const config = resolveReceiverOptions(options, {
    toleranceSec: false,
    // With an inbox no store is used: none is allocated (the default one reserves 16 MiB).
    store: inbox === undefined ? () => new MemoryStore({ maxEntries: 100_000, maxBytes: 16 * MIB }) : () => NO_STORE,
    ...adapter,
  });
  const onPayment = functionOption<OnPaymentFor<Req, Tx>>("onPayment", options.onPayment);
  const timeoutMs = timerMs("timeoutMs", options.timeoutMs, 30_000);
  const leaseMs = timerMs("leaseMs", options.leaseMs, 15 * MINUTE_MS);
  if (leaseMs < MIN_LEASE_MS) {
    throw optionError(
      "leaseMs",
      `is ${leaseMs}; it must be at least ${MIN_LEASE_MS} ms: the lease is renewed every third of it while onPayment runs, and a renewal may take a second`,
    );
  }
  const retentionMs = positiveNumber("retentionMs", options.retentionMs, 7 * 24 * 60 * MINUTE_MS);
  const keepsFromClaim = timeoutMs > leaseMs / 6;
  const { store, emit } = config;

  const later = (auth: AuthenticatedRequest, idempotencyKey: string, started: number, reason: Reason, detail: string) =>
    reportLater(emit, auth, idempotencyKey, started, reason, detail);

  const handleInInbox = inbox === undefined ? undefined : inboxNotification(inbox, onPayment, timeoutMs, emit);

  async function handle(auth: AuthenticatedRequest, req: Req): Promise<Outcome> {
    if (handleInInbox !== undefined) return handleInInbox(auth, req);
    const scope = new ClaimScope(store, leaseMs, timeoutMs);
    try {
      return await handleWithin(scope, auth, req);
    } finally {
      await scope.close();
    }
  }

  /** Every claim is made through `scope`: released on every way out that did not complete or hand it off. */
  async function handleWithin(scope: ClaimScope, auth: AuthenticatedRequest, req: Req): Promise<Outcome> {
    const started = performance.now();
    const requestKey = `notification:request:${auth.clientId}:${auth.requestId}`;
    let byRequest: ClaimResult;
    try {
      byRequest = await scope.claim(requestKey, auth.digest);
    } catch (error) {
      return storeDown(error);
    }
    if (byRequest.state !== "claimed" && byRequest.fingerprint !== auth.digest) {
      return failure(
        401,
        "request_id_reused",
        "warn",
        "this Request-Id was already used with another body: a replay attempt",
      );
    }
    if (byRequest.state === "completed")
      return { answer: byRequest.answer, reason: "duplicate", level: "info", replayed: true, detail: REPEATED_REQUEST };
    if (byRequest.state === "pending")
      return failure(409, "in_progress", "warn", "the same notification is still being handled");

    const parsed = parseDokuBody(auth.body, paymentNotificationSchema);
    if (!parsed.ok) return failure(400, parsed.reason, "warn", parsed.detail);
    const notification = parsed.value;
    const idempotencyKey = notificationContentKey(auth.clientId, notification);
    const paymentKey = `notification:payment:${idempotencyKey}`;
    const described = { idempotencyKey, paymentCode: parsed.paymentCode };

    let byPayment: ClaimResult;
    try {
      byPayment = await scope.claim(paymentKey, idempotencyKey);
    } catch (error) {
      return { ...storeDown(error), ...described };
    }
    if (byPayment.state === "pending") {
      return {
        ...failure(409, "in_progress", "warn", "the same payment is still being handled under another Request-Id"),
        ...described,
      };
    }
    if (byPayment.state === "completed") {
      await scope.complete(requestKey, auth.digest, DONE, retentionMs).catch(() => false);
      return {
        answer: DONE,
        reason: "duplicate",
        level: "info",
        replayed: true,
        detail: REPEATED_PAYMENT,
        ...described,
      };
    }

    // The lease lasts as long as the work: renewed while onPayment runs, even past timeoutMs.
    const token = byPayment.token;
    let answered = false;
    const keep = () =>
      keepLease(store, paymentKey, token, leaseMs, (why) => {
        if (answered)
          later(
            auth,
            idempotencyKey,
            started,
            "lease_lost",
            `onPayment is still running but ${why}; a retry may run it again`,
          );
      });
    // Started at the deadline when that comes early in the lease (the first renewal, a third of
    // the lease later, is then due by half of it): a handler that finishes in time sets no timer.
    const early = keepsFromClaim ? keep() : undefined;
    const abort = new LazyAbort();
    // Without an inbox there is no transaction: `Tx` is `undefined` then.
    const ctx = new NotificationCall(abort, auth, idempotencyKey, req, undefined as Tx);
    const handle = () => onPayment(notification, ctx);
    const run = await runWithDeadline(
      () => traced(ON_PAYMENT_CHANNEL, handle, () => ({ router: "notification", ...who(auth), ...described })),
      timeoutMs,
      abort,
    );
    if (run.kind === "timeout") {
      // The handler may still finish: its claim stays, renewed, until then, so a retry cannot run it twice.
      answered = true;
      const lease = early ?? keep();
      scope.handOff(paymentKey);
      void run.settled.then(async (settled) => {
        lease.stop();
        if (lease.lost !== undefined) return;
        try {
          if (settled.kind === "rejected") await store.release(paymentKey, token);
          else if (!(await store.complete(paymentKey, token, idempotencyKey, DONE, retentionMs))) {
            later(
              auth,
              idempotencyKey,
              started,
              "lease_lost",
              "onPayment finished after its answer, but its claim was no longer held: not recorded",
            );
          }
        } catch (error) {
          later(
            auth,
            idempotencyKey,
            started,
            "store_unavailable",
            `onPayment finished after its answer, but the store failed to record it: ${String(error)}`,
          );
        }
      });
      return {
        ...failure(500, "handler_timeout", "error", `onPayment did not finish within ${timeoutMs} ms; DOKU will retry`),
        ...described,
      };
    }
    early?.stop();
    if (early?.lost !== undefined) {
      // Another holder may be running it now: record nothing over its claim, release nothing of it.
      scope.handOff(paymentKey);
      return {
        answer: DONE,
        reason: "lease_lost",
        level: "error",
        detail: `onPayment finished, but ${early.lost}: nothing was recorded`,
        ...described,
      };
    }
    if (run.kind === "rejected") {
      const message = run.error instanceof Error ? run.error.message : String(run.error);
      return {
        ...failure(500, "handler_error", "error", `onPayment threw: ${message}; DOKU will retry`, run.error),
        ...described,
      };
    }
    try {
      // Both at once: one round trip to the store, not two, before DOKU gets its 200. The
      // request's record never stands in for the payment's: a retry under this Request-Id is a
      // duplicate either way, one under another Request-Id checks the payment's key.
      const [payment, request] = await Promise.all([
        scope.complete(paymentKey, idempotencyKey, DONE, retentionMs),
        scope.complete(requestKey, auth.digest, DONE, retentionMs),
      ]);
      if (!payment || !request)
        return {
          answer: DONE,
          reason: "handled",
          level: "error",
          detail: "handled, but its claim was no longer held: completion was not recorded",
          ...described,
        };
    } catch (error) {
      return {
        answer: DONE,
        reason: "handled",
        level: "error",
        error,
        detail: `handled, but completion was not recorded: ${String(error)}`,
        ...described,
      };
    }
    return {
      answer: DONE,
      reason: "handled",
      level: "info",
      detail: HANDLED,
      idempotencyKey,
      paymentCode: parsed.paymentCode,
    };
  }

  const spec = {
    router: "notification" as const,
    rejectionBody: (reason: keyof typeof REQUEST_FAILURE_STATUS) => ({
      error: REQUEST_FAILURE_STATUS[reason] === 401 ? "invalid_signature" : reason,
    }),
    handle,
  };
  return { config, spec };
}
