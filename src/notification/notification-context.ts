import type { ReceiverOptionsFor } from "../pipeline/receiver-options";
import type { PaymentNotification } from "../protocol";

/** What `onPayment` knows besides the notification; `Req` is the framework's request. */
export interface NotificationContextFor<Req> {
  requestId: string;
  clientId: string;
  /** Same payment, same key, whatever the Request-Id: use it as your own idempotency key too. */
  idempotencyKey: string;
  /** Aborted when `timeoutMs` passes. */
  signal: AbortSignal;
  req: Req;
}

export type OnPaymentFor<Req> = (
  notification: PaymentNotification,
  ctx: NotificationContextFor<Req>,
) => Promise<void> | void;

/** The notification's options, whatever the framework. */
export interface NotificationOptionsFor<Req> extends ReceiverOptionsFor<Req> {
  /** Marks the order paid (or failed). Runs at most once to completion per payment; throw to have DOKU retry. */
  onPayment: OnPaymentFor<Req>;
  /** Answer budget in ms. Default 30,000; past it DOKU gets a 500 and retries later, while the handler may still finish. */
  timeoutMs?: number;
  /** How long a claim protects a running handler if this process dies. Default 15 minutes. */
  leaseMs?: number;
  /** How long a completed notification is remembered. Default 7 days (DOKU's last retry comes after about 18 h). */
  retentionMs?: number;
}
