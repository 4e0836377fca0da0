import express from "express";

import {
  createInquiryRouter,
  createNotificationRouter,
  type PaymentNotification,
  type ResolverResult,
  storeChainOf,
} from "../../src";
import { CLIENT_ID, SECRET } from "../support/doku-api";
import { listen, type Running } from "../support/http";

const CLIENTS = [{ clientId: CLIENT_ID, secretKeys: [SECRET] }];

export interface Shop extends Running {
  /** Each payment onPayment was handed. */
  paid: PaymentNotification[];
  /** The store chain of each payment's channel. */
  chains: (string | undefined)[];
  /** Each code the inquiry router's resolver was asked. */
  lookups: string[];
}

/**
 * The merchant: the package's own inquiry and notification routers on a real server, at
 * /doku/inquiry and /doku/notify. `bills` answers the inquiries (billing_not_found for any other
 * code); the receiver answers the `notifyStatuses` first (500, then 200, …), before the router.
 */
export async function merchant(
  bills: Record<string, ResolverResult> = {},
  notifyStatuses: number[] = [],
): Promise<Shop> {
  const paid: PaymentNotification[] = [];
  const chains: (string | undefined)[] = [];
  const lookups: string[] = [];
  const app = express();
  app.use((req, res, next) => {
    if (req.path === "/doku/notify" && notifyStatuses.length > 0) {
      res.status(notifyStatuses.shift() as number).end();
      return;
    }
    next();
  });
  app.use(
    createInquiryRouter({
      path: "/doku/inquiry",
      clients: CLIENTS,
      lookupPaymentCode: async (code) => {
        lookups.push(code);
        return bills[code] ?? { status: "billing_not_found" };
      },
    }),
  );
  app.use(
    createNotificationRouter({
      path: "/doku/notify",
      clients: CLIENTS,
      onPayment: async (n) => {
        paid.push(n);
        chains.push(storeChainOf(n.channel.id));
      },
    }),
  );
  return { ...(await listen(app)), paid, chains, lookups };
}
