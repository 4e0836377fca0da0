import type { Request, RequestHandler } from "express";
import { jsonAnswer, type Answer } from "../http/answer";
import { notificationContentKey, parseDokuBody, paymentNotificationSchema } from "../protocol";
import type { AuthenticatedRequest } from "../pipeline/authenticate-request";
import { createReceiver, type Outcome } from "../pipeline/create-receiver";
import { DeadlineList } from "../pipeline/deadline-list";
import { REQUEST_FAILURE_STATUS, type Reason } from "../pipeline/reasons";
import { functionOption, positiveNumber, resolveReceiverOptions } from "../pipeline/receiver-options";
import { LazyAbort, MerchantCallContext, runWithDeadline } from "../pipeline/run-with-deadline";
import { claimOrWait } from "../stores/claim-or-wait";
import { MemoryStore, MIB } from "../stores/memory-store";
import type { ClaimResult, DokuStore } from "../stores/store";
import type { NotificationContext, NotificationRouterOptions, OnPayment } from "./notification-options";

const MINUTE_MS = 60_000;
const DONE: Answer = jsonAnswer(200, { status: "OK" });

const failure = (statusCode: number, reason: Reason, level: Outcome["level"], detail: string, error?: unknown): Outcome => ({
  answer: jsonAnswer(statusCode, { error: statusCode === 401 ? "invalid_signature" : reason }),
  reason,
  level,
  detail,
  error,
});

const storeDown = (error: unknown) =>
  failure(503, "store_unavailable", "error", `idempotency store unavailable; DOKU will retry later: ${String(error)}`, error);

/** Best effort: a failed release only delays a retry until the lease expires. */
const release = (store: DokuStore, key: string) => store.release(key).catch(() => undefined);

class NotificationCall extends MerchantCallContext implements NotificationContext {
  constructor(abort: LazyAbort, auth: AuthenticatedRequest, readonly idempotencyKey: string, readonly req: Request) {
    super(abort, auth);
  }
}

/**
 * DOKU's HTTP payment notification endpoint: verifies the request and runs `onPayment` at
 * most once to completion per payment, across retries and concurrent duplicates.
 */
export function createNotificationRouter(options: NotificationRouterOptions): RequestHandler {
  const config = resolveReceiverOptions(options, { toleranceSec: false, store: () => new MemoryStore({ maxEntries: 100_000, maxBytes: 16 * MIB }) });
  const onPayment = functionOption<OnPayment>(options, "onPayment");
  const timeoutMs = positiveNumber(options, "timeoutMs", 30_000);
  const deadlines = new DeadlineList(timeoutMs);
  const leaseMs = positiveNumber(options, "leaseMs", 15 * MINUTE_MS);
  const retentionMs = positiveNumber(options, "retentionMs", 7 * 24 * 60 * MINUTE_MS);
  const { store } = config;
  const claim = (key: string, fingerprint: string) => claimOrWait({ store, key, fingerprint, leaseMs, waitMs: timeoutMs });
  const complete = (key: string, fingerprint: string) => store.complete(key, fingerprint, DONE, retentionMs);

  async function handle(auth: AuthenticatedRequest, req: Request): Promise<Outcome> {
    const requestKey = `notification:request:${auth.clientId}:${auth.requestId}`;
    let byRequest: ClaimResult;
    try {
      byRequest = await claim(requestKey, auth.digest);
    } catch (error) {
      return storeDown(error);
    }
    if (byRequest.state !== "claimed" && byRequest.fingerprint !== auth.digest) {
      return failure(401, "request_id_reused", "warn", "this Request-Id was already used with another body: a replay attempt");
    }
    if (byRequest.state === "completed") return { answer: byRequest.answer, reason: "duplicate", level: "info", replayed: true };
    if (byRequest.state === "pending") return failure(409, "in_progress", "warn", "the same notification is still being handled");

    const parsed = parseDokuBody(auth.body, paymentNotificationSchema);
    if (!parsed.ok) {
      await release(store, requestKey);
      return failure(400, parsed.reason, "warn", parsed.detail);
    }
    const notification = parsed.value;
    const idempotencyKey = notificationContentKey(auth.clientId, notification);
    const paymentKey = `notification:payment:${idempotencyKey}`;
    const described = { idempotencyKey, paymentCode: parsed.paymentCode };

    let byPayment: ClaimResult;
    try {
      byPayment = await claim(paymentKey, idempotencyKey);
    } catch (error) {
      await release(store, requestKey);
      return { ...storeDown(error), ...described };
    }
    if (byPayment.state === "pending") {
      await release(store, requestKey);
      return { ...failure(409, "in_progress", "warn", "the same payment is still being handled under another Request-Id"), ...described };
    }
    if (byPayment.state === "completed") {
      await complete(requestKey, auth.digest).catch(() => undefined);
      return { answer: DONE, reason: "duplicate", level: "info", replayed: true, ...described };
    }

    const abort = new LazyAbort();
    const ctx = new NotificationCall(abort, auth, idempotencyKey, req);
    const run = await runWithDeadline(() => onPayment(notification, ctx), deadlines, abort);
    if (run.kind === "timeout") {
      // The handler may still finish: its claim stays until then, so a retry cannot run it twice.
      void run.settled.then((s) => (s.kind === "fulfilled" ? complete(paymentKey, idempotencyKey) : release(store, paymentKey))).catch(() => undefined);
      await release(store, requestKey);
      return { ...failure(500, "handler_timeout", "error", `onPayment did not finish within ${timeoutMs} ms; DOKU will retry`), ...described };
    }
    if (run.kind === "rejected") {
      await Promise.all([release(store, paymentKey), release(store, requestKey)]);
      const message = run.error instanceof Error ? run.error.message : String(run.error);
      return { ...failure(500, "handler_error", "error", `onPayment threw: ${message}; DOKU will retry`, run.error), ...described };
    }
    try {
      await complete(paymentKey, idempotencyKey);
      await complete(requestKey, auth.digest);
    } catch (error) {
      return { answer: DONE, reason: "handled", level: "error", error, detail: `handled, but completion was not recorded: ${String(error)}`, ...described };
    }
    return { answer: DONE, reason: "handled", level: "info", ...described };
  }

  return createReceiver(config, {
    router: "notification",
    rejectionBody: (reason) => ({ error: REQUEST_FAILURE_STATUS[reason] === 401 ? "invalid_signature" : reason }),
    handle,
  });
}
