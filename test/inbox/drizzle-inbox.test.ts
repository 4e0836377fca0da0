import Database from "better-sqlite3";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as sqliteDrizzle } from "drizzle-orm/better-sqlite3";
import { drizzle as pgDrizzle, type NodePgDatabase, type NodePgQueryResultHKT } from "drizzle-orm/node-postgres";
import { integer, pgTable, type PgTransaction, text } from "drizzle-orm/pg-core";
import { Pool } from "pg";

import { createNotificationRouter } from "../../src";
import { drizzleInbox } from "../../src/drizzle";
import { describeOnce } from "../support/skips";
import { describeOnPostgres, describeOnSqlite } from "./inbox-suites";

// The inbox through Drizzle: its apps load no Express, so the Express 5 project runs it once.

describeOnce("drizzleInbox", () => {
  describeOnPostgres("drizzle-postgres", (url, table) => {
    const pool = new Pool({ connectionString: url, max: 2 });
    pool.on("error", () => undefined);
    const db = pgDrizzle(pool);
    return { inbox: (options) => drizzleInbox({ db, table, ...options }), close: () => pool.end() };
  });
  describeOnSqlite("drizzle-sqlite", (file, table) => {
    const sqlite = new Database(file, { timeout: 5000 });
    const db = sqliteDrizzle(sqlite);
    return { inbox: (options) => drizzleInbox({ db, table, ...options }), close: async () => void sqlite.close() };
  });

  it("refuses what is not a Drizzle database it knows", () => {
    expect(() => drizzleInbox({ db: { transaction() {} } })).toThrow("on PostgreSQL, MySQL or SQLite");
    expect(() => drizzleInbox({ db: {} as { transaction(): void } })).toThrow("`db` must be a Drizzle database");
  });
});

type Empty = Record<string, never>;
const orders = pgTable("orders", { invoice: text("invoice").notNull(), paid: integer("paid").notNull() });

// Compiled by `npm test` (tsc): ctx.transaction is the driver's transaction, or on better-sqlite3
// the db itself. Never runs.
export function typed(pg: NodePgDatabase, sqlite: ReturnType<typeof sqliteDrizzle>): void {
  createNotificationRouter({
    path: "/doku/notify",
    clients: [],
    inbox: drizzleInbox({ db: pg }),
    async onPayment(_n, ctx) {
      const tx: PgTransaction<NodePgQueryResultHKT, Empty, ExtractTablesWithRelations<Empty>> = ctx.transaction;
      await ctx.transaction.update(orders).set({ paid: 1 });
      // @ts-expect-error a PgTransaction is not the better-sqlite3 db
      ctx.transaction.$client.prepare("SELECT 1");
      void tx;
    },
  });
  createNotificationRouter({
    path: "/doku/notify",
    clients: [],
    inbox: drizzleInbox({ db: sqlite }),
    async onPayment(_n, ctx) {
      const db: typeof sqlite = ctx.transaction;
      ctx.transaction.$client.prepare("SELECT 1");
      void db;
    },
  });
}
