import type { IncomingMessage } from "node:http";

import type { Request } from "express";

import type { NotificationContextFor, NotificationOptionsFor, OnPaymentFor } from "./notification-context";

// `Req` as for the inquiry router's options: Express's request by default, or `IncomingMessage`.

export type NotificationContext<Tx = undefined, Req extends IncomingMessage = Request> = NotificationContextFor<
  Req,
  Tx
>;

/** Marks the order paid (or failed). Runs at most once to completion per payment; throw to have DOKU retry. */
export type OnPayment<Tx = undefined, Req extends IncomingMessage = Request> = OnPaymentFor<Req, Tx>;

export interface NotificationRouterOptions<
  Tx = undefined,
  Req extends IncomingMessage = Request,
> extends NotificationOptionsFor<Req, Tx> {
  /** The route answered (POST only), e.g. `/doku/notification`. */
  path: string;
}
