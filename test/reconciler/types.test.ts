import type Database from "better-sqlite3";

import {
  createDokuClient,
  createMemoryStore,
  createNotificationRouter,
  createReconciler,
  type NotificationContext,
  type OnPayment,
  type PaymentNotification,
  type ReconcilerContext,
} from "../../src";
import { sqliteInbox } from "../../src/sqlite";

// Compiled by `npm test` (tsc): what the reconciler's types allow and refuse. Nothing here runs.
declare const db: Database.Database;
const client = createDokuClient({ clientId: "MCH-1", secretKey: "SK-TYPES", environment: "sandbox" });
const clients = [{ clientId: "MCH-1", secretKeys: ["SK-TYPES"] }];
const pending = () => [{ invoiceNumber: "INV-1", amount: 1000, createdAt: new Date() }];

function typed(): void {
  const inbox = sqliteInbox({ db });
  createReconciler({
    client,
    pending,
    clientId: "MCH-1",
    inbox,
    onPayment(_n, ctx) {
      // The inbox's transaction, typed as the driver's.
      const tx: Database.Database = ctx.transaction;
      const source: "reconciler" = ctx.source;
      const req: undefined = ctx.req;
      // @ts-expect-error no request: DOKU never called
      void ctx.req.headers;
      void [tx, source, req];
    },
  });

  // A function written for the router reads ctx.req as a request: the reconciler has none.
  const forTheRouter: OnPayment = (_n, ctx) => void ctx.req.headers;
  // @ts-expect-error ctx.req is undefined for a payment the reconciler found
  createReconciler({ client, pending, clientId: "MCH-1", store: createMemoryStore(), onPayment: forTheRouter });

  // One function for both: its ctx is either, told apart by ctx.source.
  const both = (_n: PaymentNotification, ctx: NotificationContext | ReconcilerContext) => {
    if (ctx.source === "notification") void ctx.req.headers;
    else {
      const none: undefined = ctx.req;
      void none;
    }
  };
  const store = createMemoryStore();
  createNotificationRouter({ path: "/doku/notify", clients, store, onPayment: both });
  createReconciler({ client, pending, clients, store, onPayment: both });
}

it("compiles", () => {
  expect(typeof typed).toBe("function");
});
