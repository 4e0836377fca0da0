import type { IncomingMessage } from "node:http";

import { defaultRequestTarget } from "../http/request-target";
import { createNodeRouter, type DokuRouter } from "../pipeline/node-router";
import type { NotificationOptionsFor } from "./notification-context";
import type { NotificationRouterOptions } from "./notification-options";
import { notificationReceiver } from "./notification-receiver";

/**
 * DOKU's HTTP payment notification endpoint, as Express middleware or a node:http handler:
 * verifies the request and runs `onPayment` at most once to completion per payment, across
 * retries and concurrent duplicates.
 */
export function createNotificationRouter<Tx = undefined>(options: NotificationRouterOptions<Tx>): DokuRouter {
  // Typed for Express; on node:http `ctx` annotated with `IncomingMessage` (its option types' `Req`) fits as well.
  const parts = notificationReceiver(options as unknown as NotificationOptionsFor<IncomingMessage, Tx>, {
    requestTarget: defaultRequestTarget,
    pathRequired: true,
  });
  return createNodeRouter(parts);
}
