import type { PaymentStatusResult } from "../client/results";
import type { NotificationOptionsFor } from "../notification/notification-context";
import { notificationReceiver } from "../notification/notification-receiver";
import type { DokuEvent } from "../pipeline/events";
import { CallBudget } from "./call-budget";
import { errorTypeOf, foundOutcomeOf, HALTS_SWEEP, messageOf, orderProblem } from "./check-outcomes";
import { OrderSchedule, type PendingOrder } from "./order-schedule";
import { ReconcilerCall } from "./reconciler-context";
import { printReconcilerError, type ReconcilerEvent, safely, type SweepResult } from "./reconciler-events";
import { type ReconcilerOptions, resolveReconcilerOptions } from "./reconciler-options";
import { reconcilerRequest } from "./status-notification";

export interface Reconciler {
  /** One sweep now (or the one running): each due order asked about once, within the bounds. */
  reconcile(): Promise<SweepResult>;
  /**
   * A sweep now (the one running, if `reconcile()` has one), then one `intervalMs` after each sweep
   * ends. Again while started: nothing. Its timers do not keep the process alive.
   */
  start(): void;
  /**
   * No more sweeps; Check Status calls in flight are aborted. Resolves once the running sweep has
   * ended; never rejects, so it is safe not to await. A `start()` after it sweeps afresh once that
   * sweep has ended.
   */
  stop(): Promise<void>;
}

/**
 * Finds payments whose notification never came: asks DOKU's Check Status about the merchant's
 * unpaid orders and hands each SUCCESS to the notification router's exactly-once path (same
 * `onPayment`, same inbox or store, same content key). A notification that comes later is then a
 * duplicate, and one that came first makes the find a duplicate.
 */
export function createReconciler<Tx = undefined>(options: ReconcilerOptions<Tx>): Reconciler {
  const settings = resolveReconcilerOptions(options);
  const { client, clientId, now } = settings;
  const emit = safely<ReconcilerEvent>(
    settings.onEvent === false ? undefined : (settings.onEvent ?? printReconcilerError),
  );
  const found = safely(settings.onFound);
  const onPayment = settings.onPayment;

  // The notification router's path, built over the same inbox or store and the same onPayment.
  const lateEvent = (e: DokuEvent) =>
    emit({
      type: "late",
      level: e.level,
      reason: e.reason,
      requestId: e.requestId,
      idempotencyKey: e.idempotencyKey,
      detail: e.detail,
    });
  const receiverOptions: NotificationOptionsFor<undefined, Tx> = {
    // Checked by the receiver; no key of it signs or verifies anything here.
    clients: [{ clientId, secretKeys: ["reconciler-unused"] }],
    onPayment: (notification, ctx) => onPayment(notification, new ReconcilerCall(ctx)),
    onEvent: lateEvent,
    ...(options.inbox === undefined ? {} : { inbox: options.inbox }),
    ...(options.store === undefined ? {} : { store: options.store }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
    ...(options.retentionMs === undefined ? {} : { retentionMs: options.retentionMs }),
  };
  const { spec } = notificationReceiver<undefined, Tx>(receiverOptions, {
    requestTarget: () => "(reconciler)",
    pathRequired: false,
  });

  const schedule = new OrderSchedule(settings.minAgeMs, settings.intervalMs, settings.backoff);
  const budget = new CallBudget(settings.callsPerMinute);
  let abort = new AbortController();
  let running: { result: Promise<SweepResult>; signal: AbortSignal } | undefined;
  let timer: NodeJS.Timeout | undefined;
  // Each start() begins a chain of sweeps of its own number; stop() ends it (0: stopped).
  let chain = 0;
  let chains = 0;

  /** A SUCCESS: refused when it is not this order's, else through the notification path. */
  async function deliver(order: PendingOrder, status: PaymentStatusResult, result: SweepResult): Promise<void> {
    const invoiceNumber = order.invoiceNumber;
    const paymentCode = status.online_to_offline_info?.payment_code;
    const described = { type: "found" as const, invoiceNumber, status: status.status, paymentCode };
    let problem: string | undefined;
    if (status.order.invoice_number !== invoiceNumber)
      problem = `DOKU answered about invoice ${String(status.order.invoice_number)}`;
    else if (status.amount !== order.amount)
      problem = `DOKU says SUCCESS for ${String(status.order.amount)} rupiah; the order bills ${order.amount}`;
    if (problem !== undefined) {
      const retryInMs = schedule.failed(invoiceNumber, now());
      result.found.refused++;
      found({ outcome: "refused" });
      emit({
        ...described,
        level: "error",
        outcome: "refused",
        retryInMs,
        detail: `${problem}: not delivered to onPayment; check this payment in DOKU's Back Office`,
      });
      return;
    }
    const request = reconcilerRequest(clientId, status);
    const outcome = await spec.handle(request, undefined);
    const kind = foundOutcomeOf(outcome);
    result.found[kind]++;
    found({ outcome: kind });
    const ids = { requestId: request.requestId, idempotencyKey: outcome.idempotencyKey, reason: outcome.reason };
    if (kind === "delivered" || kind === "duplicate") {
      schedule.settle(invoiceNumber, now());
      // Without the till's transaction id the key falls back to other fields, which DOKU's notification may not share.
      const keyed = status.identifiers.AGENT_TRX_ID !== undefined;
      const level = outcome.level === "error" ? "error" : kind === "delivered" || !keyed ? "warn" : "info";
      const what =
        kind === "delivered"
          ? "DOKU says SUCCESS and no notification had come: onPayment ran"
          : "DOKU says SUCCESS, already handled (its notification came): onPayment not run again";
      emit({
        ...described,
        ...ids,
        level,
        outcome: kind,
        detail: `${what}; ${outcome.detail}${keyed ? "" : "; the answer has no AGENT_TRX_ID: a later notification may not be recognised as the same payment"}`,
        error: outcome.error,
      });
      return;
    }
    const retryInMs = schedule.failed(invoiceNumber, now());
    emit({
      ...described,
      ...ids,
      level: kind === "refused" ? "error" : outcome.level,
      outcome: kind,
      retryInMs,
      detail: `DOKU says SUCCESS, not recorded: ${outcome.detail}; asked again in ${Math.round(retryInMs / 1000)} s`,
      error: outcome.error,
    });
  }

  /** One Check Status and what follows; `true` when DOKU is failing and the sweep should ask no more. */
  async function check(order: PendingOrder, result: SweepResult, signal: AbortSignal): Promise<boolean> {
    const invoiceNumber = order.invoiceNumber;
    result.checked++;
    let status: PaymentStatusResult;
    try {
      status = await client.getStatus(invoiceNumber, { signal });
    } catch (error) {
      // stop() aborted it: no answer and no failure of DOKU's, so the order stays due as it was.
      if (signal.aborted) return true;
      const errorType = errorTypeOf(error);
      // DOKU knows no payment for it (an unpaid Direct Inquiry code): an answer, not a failure.
      if (errorType === "not_found") {
        schedule.answered(invoiceNumber, now());
        return false;
      }
      result.failed++;
      const retryInMs = schedule.failed(invoiceNumber, now());
      emit({
        type: "check_failed",
        level: "warn",
        invoiceNumber,
        errorType: errorType as ReconcilerEvent["errorType"],
        retryInMs,
        detail: `Check Status failed (${errorType}): ${messageOf(error)}; nothing marked paid, asked again in ${Math.round(retryInMs / 1000)} s`,
        error,
      });
      return HALTS_SWEEP.has(errorType);
    }
    if (status.status === "SUCCESS") {
      await deliver(order, status, result);
    } else if (status.isFinal) {
      schedule.settle(invoiceNumber, now());
      emit({
        type: "not_paid",
        level: "info",
        invoiceNumber,
        status: status.status,
        detail: `DOKU says ${status.status}: not paid, not asked about again`,
      });
    } else {
      schedule.answered(invoiceNumber, now());
    }
    return false;
  }

  async function sweep(signal: AbortSignal): Promise<SweepResult> {
    const result: SweepResult = {
      checked: 0,
      found: { delivered: 0, duplicate: 0, failed: 0, refused: 0 },
      failed: 0,
      deferred: 0,
    };
    const listed = await settings.pending();
    if (!Array.isArray(listed))
      throw new TypeError("pending() must return an array of { invoiceNumber, amount, createdAt }");
    const orders: { order: PendingOrder; createdMs: number }[] = [];
    for (const order of listed as unknown[]) {
      const problem = orderProblem(order);
      if (problem !== undefined) {
        emit({ type: "skipped", level: "warn", detail: `pending() listed ${problem}: skipped` });
        continue;
      }
      const { createdAt } = order as PendingOrder;
      orders.push({
        order: order as PendingOrder,
        createdMs: createdAt instanceof Date ? createdAt.getTime() : createdAt,
      });
    }
    const due = schedule.due(orders, now());
    let next = 0;
    let halted = false;
    const worker = async () => {
      while (!halted && !signal.aborted && next < due.length && budget.take(now())) {
        const order = due[next++] as PendingOrder;
        if (await check(order, result, signal)) halted = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, due.length) }, worker));
    result.deferred = due.length - next;
    if (due.length > 0) {
      emit({
        type: "sweep",
        level: "info",
        sweep: result,
        detail: `asked DOKU about ${result.checked} of ${due.length} due orders: ${result.found.delivered} paid here, ${result.found.duplicate} already handled, ${result.failed} checks failed`,
      });
    }
    return result;
  }

  function reconcile(): Promise<SweepResult> {
    if (running === undefined) {
      const signal = abort.signal;
      const current = {
        signal,
        result: sweep(signal).finally(() => {
          if (running === current) running = undefined;
        }),
      };
      running = current;
    }
    return running.result;
  }

  /** One sweep of chain `own`, then the next one's timer, unless stop() or another start() came. */
  async function tick(own: number): Promise<void> {
    timer = undefined;
    // A sweep stop() aborted asks no more: wait for it to end, then sweep afresh.
    while (running?.signal.aborted === true) await running.result.catch(() => undefined);
    if (own !== chain) return;
    try {
      await reconcile();
    } catch (error) {
      emit({ type: "sweep", level: "error", detail: `pending() failed: ${messageOf(error)}`, error });
    }
    if (own !== chain) return;
    timer = setTimeout(() => void tick(own), settings.intervalMs);
    timer.unref();
  }

  return {
    reconcile,
    start() {
      if (chain !== 0) return;
      chain = ++chains;
      void tick(chain);
    },
    async stop() {
      chain = 0;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      // Sweeps from now on (reconcile(), a later start()) are not aborted.
      const stopping = abort;
      abort = new AbortController();
      stopping.abort();
      await running?.result.catch(() => undefined);
    },
  };
}
