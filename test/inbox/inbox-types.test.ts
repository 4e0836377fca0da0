import Database from "better-sqlite3";
import { Pool, type PoolClient } from "pg";

import { createNotificationRouter, type OnPayment } from "../../src";
import { createNotificationHandler } from "../../src/fetch";
import { postgresInbox } from "../../src/postgres";
import { sqliteInbox } from "../../src/sqlite";

// Compiled by `npm test` (tsc): ctx.transaction is the driver's own type, inferred from the
// inbox given. Nothing here connects to a database.
function typed(pool: Pool, db: Database.Database): void {
  createNotificationRouter({
    path: "/doku/notify",
    clients: [],
    inbox: postgresInbox({ pool }),
    onPayment: async (_n, ctx) => {
      const client: PoolClient = ctx.transaction;
      await client.query("SELECT 1");
    },
  });
  createNotificationHandler({
    clients: [],
    inbox: sqliteInbox({ db }),
    onPayment: (_n, ctx) => {
      const database: Database.Database = ctx.transaction;
      database.prepare("SELECT 1").get();
    },
  });
  createNotificationRouter({
    path: "/doku/notify",
    clients: [],
    onPayment: (_n, ctx) => {
      // Without an inbox there is no transaction.
      const none: undefined = ctx.transaction;
      void none;
    },
  });
  const withoutTransaction: OnPayment = async () => undefined;
  createNotificationRouter({
    path: "/doku/notify",
    clients: [],
    // @ts-expect-error a handler typed for no transaction cannot be handed one: it would write outside it
    inbox: postgresInbox({ pool }),
    onPayment: withoutTransaction,
  });
}

it("compiles", () => {
  expect(typeof typed).toBe("function");
});
