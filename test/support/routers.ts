import type { RequestHandler } from "express";

import {
  createInquiryRouter,
  createNotificationRouter,
  type InquiryRouterOptions,
  type NotificationRouterOptions,
  type PaymentNotification,
  type ResolverResult,
} from "../../src";
import { signDokuRequest, type SignedDokuRequest } from "../../src/testing";
import { appWith, eventLog } from "./http";
import { CLIENT_ID, CLIENTS, SECRET } from "./vectors";

export interface SignOverrides {
  requestId?: string | undefined;
  requestTarget?: string;
  secretKey?: string;
  clientId?: string;
  timestamp?: number | string | undefined;
}

/** Signs a body as DOKU does for `path`, with the test client's key unless told otherwise. */
export function signerFor(path: string): (body: string | object, over?: SignOverrides) => SignedDokuRequest {
  return (body, over = {}) =>
    signDokuRequest({
      clientId: over.clientId ?? CLIENT_ID,
      secretKey: over.secretKey ?? SECRET,
      requestTarget: over.requestTarget ?? path,
      body,
      requestId: over.requestId,
      timestamp: over.timestamp,
    });
}

/** An inquiry router on the test client, recording the codes its resolver was asked and its events. */
export function inquirySetup(
  path: string,
  resolve: (code: string) => unknown,
  extra: Partial<InquiryRouterOptions> = {},
) {
  const log = eventLog();
  const calls: string[] = [];
  const router: RequestHandler = createInquiryRouter({
    path,
    clients: CLIENTS,
    lookupPaymentCode: async (code) => {
      calls.push(code);
      return (await resolve(code)) as ResolverResult;
    },
    onEvent: log.onEvent,
    ...extra,
  });
  return { app: appWith(router), router, calls, log };
}

/** A notification router on the test client, recording the payments handed over, the completed ones and its events. */
export function notificationSetup(
  path: string,
  handler?: (n: PaymentNotification) => Promise<void>,
  extra: Partial<NotificationRouterOptions> = {},
) {
  const log = eventLog();
  const calls: PaymentNotification[] = [];
  const completions: string[] = [];
  const router: RequestHandler = createNotificationRouter({
    path,
    clients: CLIENTS,
    onPayment: async (n, ctx) => {
      calls.push(n);
      if (handler) await handler(n);
      completions.push(ctx.idempotencyKey);
    },
    onEvent: log.onEvent,
    ...extra,
  });
  return { app: appWith(router), router, calls, completions, log };
}
