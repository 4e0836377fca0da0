import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from "kysely";
import { Pool } from "pg";

import { createNotificationRouter } from "../../src";
import { kyselyInbox } from "../../src/kysely";
import { describeOnce } from "../support/skips";
import { describeOnPostgres, describeOnSqlite } from "./inbox-suites";

// The inbox through Kysely 0.28: its apps load no Express, so the Express 5 project runs it once.

interface Shop {
  orders: { invoice: string; paid: number };
}

describeOnce("kyselyInbox", () => {
  describeOnPostgres("kysely-postgres", (url, table) => {
    const pool = new Pool({ connectionString: url, max: 2 });
    pool.on("error", () => undefined);
    pool.on("connect", (client) => client.on("error", () => undefined));
    const db = new Kysely<Shop>({ dialect: new PostgresDialect({ pool }) });
    return { inbox: (options) => kyselyInbox({ db, table, ...options }), close: () => db.destroy() };
  });
  describeOnSqlite("kysely-sqlite", (file, table) => {
    const db = new Kysely<Shop>({ dialect: new SqliteDialect({ database: new Database(file, { timeout: 5000 }) }) });
    return { inbox: (options) => kyselyInbox({ db, table, ...options }), close: () => db.destroy() };
  });

  it("refuses a Kysely on a dialect it does not know", () => {
    const other = { transaction() {}, getExecutor: () => ({ adapter: {} }) } as unknown as Kysely<Shop>;
    expect(() => kyselyInbox({ db: other })).toThrow("PostgresDialect, MysqlDialect or SqliteDialect");
    expect(() => kyselyInbox({ db: {} as Kysely<Shop> })).toThrow("`db` must be a Kysely instance");
  });
});

// Compiled by `npm test` (tsc): ctx.transaction is the Transaction of the app's database type. Never runs.
export function typed(db: Kysely<Shop>): void {
  createNotificationRouter({
    path: "/doku/notify",
    clients: [],
    inbox: kyselyInbox({ db }),
    async onPayment(n, ctx) {
      const trx: Transaction<Shop> = ctx.transaction;
      await trx.updateTable("orders").set({ paid: 1 }).where("invoice", "=", n.order.invoice_number).execute();
      // @ts-expect-error the table is not in the app's database type
      await ctx.transaction.updateTable("payments").set({ paid: 1 }).execute();
    },
  });
}
