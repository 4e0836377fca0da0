import type { NotificationContextFor } from "../notification/notification-context";
import type { PaymentNotification } from "../protocol";

/**
 * What `onPayment` knows when the reconciler found the payment with Check Status: DOKU's
 * notification never came, so there is no request (`req` is `undefined`). To give the notification
 * router and the reconciler one function, type its `ctx` as `NotificationContext<Tx> | ReconcilerContext<Tx>`
 * and tell them apart by `ctx.source`.
 */
export interface ReconcilerContext<Tx = undefined> {
  source: "reconciler";
  /** `reconciler:<invoice>:<status>:<digest>`: this delivery's name in the store or inbox, and in events. */
  requestId: string;
  clientId: string;
  /** The notification's key: the same as DOKU's notification of this payment would have. */
  idempotencyKey: string;
  /** Aborted when `timeoutMs` passes. */
  signal: AbortSignal;
  /** No HTTP request: DOKU never called. */
  req: undefined;
  /** With an `inbox`: the database transaction the payment is recorded in. Write the order in it. */
  transaction: Tx;
}

/** The merchant's `onPayment`, as the reconciler calls it. */
export type OnReconciledPayment<Tx = undefined> = (
  notification: PaymentNotification,
  ctx: ReconcilerContext<Tx>,
) => Promise<void> | void;

/** The notification path's context, seen as the reconciler's: same keys and transaction, no request. */
export class ReconcilerCall<Tx> implements ReconcilerContext<Tx> {
  readonly requestId: string;
  readonly clientId: string;
  readonly idempotencyKey: string;
  readonly transaction: Tx;
  readonly #inner: NotificationContextFor<undefined, Tx>;

  constructor(inner: NotificationContextFor<undefined, Tx>) {
    this.requestId = inner.requestId;
    this.clientId = inner.clientId;
    this.idempotencyKey = inner.idempotencyKey;
    this.transaction = inner.transaction;
    this.#inner = inner;
  }

  get source(): "reconciler" {
    return "reconciler";
  }

  get req(): undefined {
    return undefined;
  }

  get signal(): AbortSignal {
    return this.#inner.signal;
  }
}
