import type { DokuInbox } from "../inbox/inbox";
import type { ReceiverOptionsFor } from "../pipeline/receiver-options";
import type { PaymentNotification } from "../protocol";

/**
 * What `onPayment` knows besides the notification; `Req` is the framework's request, `Tx` the
 * transaction of the `inbox` (without one, `undefined`).
 */
export interface NotificationContextFor<Req, Tx = undefined> {
  /** Who called `onPayment`: DOKU's notification here; `"reconciler"` in a `ReconcilerContext`, which has no `req`. */
  source: "notification";
  requestId: string;
  clientId: string;
  /** Same payment, same key, whatever the Request-Id: use it as your own idempotency key too. */
  idempotencyKey: string;
  /** Aborted when `timeoutMs` passes. */
  signal: AbortSignal;
  req: Req;
  /** With an `inbox`: the database transaction the notification is recorded in. Write the order in it. */
  transaction: Tx;
}

export type OnPaymentFor<Req, Tx = undefined> = (
  notification: PaymentNotification,
  ctx: NotificationContextFor<Req, Tx>,
) => Promise<void> | void;

/** The notification's options, whatever the framework. */
export interface NotificationOptionsFor<Req, Tx = undefined> extends ReceiverOptionsFor<Req> {
  /**
   * Marks the order paid (or failed). Runs at most once to completion per payment; throw to have
   * DOKU retry. With an `inbox`, exactly once: inside `ctx.transaction`, committed with the record.
   */
  onPayment: OnPaymentFor<Req, Tx>;
  /**
   * Records each notification in the merchant's own database, in the transaction `onPayment`
   * writes in (`postgresInbox`, `mysqlInbox`, `sqliteInbox`, …). In place of `store`.
   */
  inbox?: DokuInbox<Tx>;
  /** Answer budget in ms. Default 30,000; past it DOKU gets a 500 and retries later, while the handler may still finish. */
  timeoutMs?: number;
  /** How long a claim protects a running handler if this process dies. Default 15 minutes. */
  leaseMs?: number;
  /** How long a completed notification is remembered. Default 7 days (DOKU's last retry comes after about 18 h). */
  retentionMs?: number;
}
