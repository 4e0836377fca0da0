import type { Request } from "express";

import type { NotificationContextFor, NotificationOptionsFor, OnPaymentFor } from "./notification-context";

export type NotificationContext = NotificationContextFor<Request>;

/** Marks the order paid (or failed). Runs at most once to completion per payment; throw to have DOKU retry. */
export type OnPayment = OnPaymentFor<Request>;

export interface NotificationRouterOptions extends NotificationOptionsFor<Request> {
  /** The route answered (POST only), e.g. `/doku/notification`. */
  path: string;
}
