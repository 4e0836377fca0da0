import type { Request } from "express";

import type { ReceiverOptions } from "../pipeline/receiver-options";
import type { PaymentNotification } from "../protocol";

export interface NotificationContext {
  requestId: string;
  clientId: string;
  /** Same payment, same key, whatever the Request-Id: use it as your own idempotency key too. */
  idempotencyKey: string;
  /** Aborted when `timeoutMs` passes. */
  signal: AbortSignal;
  req: Request;
}

/** Marks the order paid (or failed). Runs at most once to completion per payment; throw to have DOKU retry. */
export type OnPayment = (notification: PaymentNotification, ctx: NotificationContext) => Promise<void> | void;

export interface NotificationRouterOptions extends ReceiverOptions {
  onPayment: OnPayment;
  /** Answer budget in ms. Default 30,000; past it DOKU gets a 500 and retries later, while the handler may still finish. */
  timeoutMs?: number;
  /** How long a claim protects a running handler if this process dies. Default 15 minutes. */
  leaseMs?: number;
  /** How long a completed notification is remembered. Default 7 days (DOKU's last retry comes after about 18 h). */
  retentionMs?: number;
}
