import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from "kysely";
import { Pool } from "pg";

import { createNotificationRouter } from "../../src";
import { kyselyInbox } from "../../src/kysely";
import { postgresForSuite, postgresUnavailableReason } from "../support/postgres-server";
import { describeOnce, describeUnless } from "../support/skips";
import { describeOnPostgres, describeOnSqlite } from "./inbox-suites";

// The inbox through Kysely 0.28: its apps load no Express, so the Express 5 project runs it once.

interface Shop {
  orders: { invoice: string; paid: number };
}

describeOnce("kyselyInbox", () => {
  describeOnPostgres("kysely-postgres", (url, table) => {
    const pool = new Pool({ connectionString: url, max: 2 });
    pool.on("error", () => undefined);
    const db = new Kysely<Shop>({ dialect: new PostgresDialect({ pool }) });
    return { inbox: (options) => kyselyInbox({ db, pool, table, ...options }), close: () => db.destroy() };
  });
  describeOnSqlite("kysely-sqlite", (file, table) => {
    const db = new Kysely<Shop>({ dialect: new SqliteDialect({ database: new Database(file, { timeout: 5000 }) }) });
    return { inbox: (options) => kyselyInbox({ db, table, ...options }), close: () => db.destroy() };
  });

  describeUnless(postgresUnavailableReason)("on PostgreSQL, the pg Pool", () => {
    const { server } = postgresForSuite();
    let pool: Pool;
    let db: Kysely<Shop>;
    beforeAll(async () => {
      pool = new Pool({ connectionString: server.url, max: 2 });
      db = new Kysely<Shop>({ dialect: new PostgresDialect({ pool }) });
      await kyselyInbox({ db, pool }).migrate();
    });
    afterAll(() => db?.destroy());

    it("without `pool`, ready() warns that a connection cut during onPayment ends the process", async () => {
      // The suite's server runs with fsync off: that warning is in both.
      const heard = await kyselyInbox({ db, pool }).ready();
      const unheard = await kyselyInbox({ db }).ready();
      expect(heard.warnings.some((w) => w.includes("`pool`"))).toBe(false);
      expect(unheard).toEqual({
        ...heard,
        warnings: [...heard.warnings, expect.stringContaining("Pass the pg Pool given to PostgresDialect")],
      });
    });

    it("with `pool`, a client the Pool lends is heard, and only while lent", async () => {
      kyselyInbox({ db, pool });
      const client = await pool.connect();
      const lent = client.listenerCount("error");
      client.release();
      // pg-pool's own idle listener is the one left.
      expect([lent, client.listenerCount("error")]).toEqual([1, 1]);
      // Once per pool, however many inboxes.
      kyselyInbox({ db, pool });
      const again = await pool.connect();
      expect(again.listenerCount("error")).toBe(1);
      again.release();
    });

    it("refuses a `pool` that is not a pg Pool, and one beside another dialect", () => {
      expect(() => kyselyInbox({ db, pool: {} as Pool })).toThrow(
        "`pool` must be the pg Pool given to PostgresDialect",
      );
      const sqlite = new Kysely<Shop>({ dialect: new SqliteDialect({ database: new Database(":memory:") }) });
      expect(() => kyselyInbox({ db: sqlite, pool })).toThrow("`pool` is for PostgresDialect's pg Pool");
    });
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
    inbox: kyselyInbox({ db, pool: new Pool() }),
    async onPayment(n, ctx) {
      const trx: Transaction<Shop> = ctx.transaction;
      await trx.updateTable("orders").set({ paid: 1 }).where("invoice", "=", n.order.invoice_number).execute();
      // @ts-expect-error the table is not in the app's database type
      await ctx.transaction.updateTable("payments").set({ paid: 1 }).execute();
    },
  });
}
