// A merchant's app that wired no onEvent (or silenced it with ON_EVENT=false), in a process of its
// own for default-sink.spawn.test.ts: its stderr is what the merchant would see. Prints its port.
import type { AddressInfo } from "node:net";

import type expressModule from "express";

import { createInquiryRouter, createNotificationRouter, type ResolverResult } from "../../src";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- Express 4 or 5, as the parent's project runs
const express = require(process.env.EXPRESS_MODULE ?? "express") as typeof expressModule;

const clients = [{ clientId: process.env.CLIENT_ID as string, secretKeys: [process.env.SECRET as string] }];
const quiet = process.env.ON_EVENT === "false" ? { onEvent: false as const } : {};
const notFound = () => ({ status: "billing_not_found" as const });

const app = express();
app.use(
  createInquiryRouter({
    path: "/doku/inquiry",
    clients,
    ...quiet,
    // The amount as a string: DOKU would refuse it.
    lookupPaymentCode: () =>
      ({
        status: "success",
        order: { invoice_number: "INV-SINK-1", amount: "150000" },
        customer: { name: "Budi Santoso", email: "budi.santoso@example.com" },
      }) as unknown as ResolverResult,
  }),
);
app.use(
  createNotificationRouter({
    path: "/doku/notify",
    clients,
    ...quiet,
    onPayment: () => {
      throw new Error("db down");
    },
  }),
);
// A router mounted after a body parser that keeps no bytes.
app.use("/parsed", express.json());
app.use(createInquiryRouter({ path: "/parsed/inquiry", clients, ...quiet, lookupPaymentCode: notFound }));
// The mount prefix given twice: the router answers /shop/shop/inquiry.
app.use("/shop", createInquiryRouter({ path: "/shop/inquiry", clients, ...quiet, lookupPaymentCode: notFound }));

const server = app.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
