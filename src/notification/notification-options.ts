import type { Request } from "express";

import type { NotificationContextFor, NotificationOptionsFor, OnPaymentFor } from "./notification-context";

export type NotificationContext<Tx = undefined> = NotificationContextFor<Request, Tx>;

/** Marks the order paid (or failed). Runs at most once to completion per payment; throw to have DOKU retry. */
export type OnPayment<Tx = undefined> = OnPaymentFor<Request, Tx>;

export interface NotificationRouterOptions<Tx = undefined> extends NotificationOptionsFor<Request, Tx> {
  /** The route answered (POST only), e.g. `/doku/notification`. */
  path: string;
}
