import knex, { type Knex } from "knex";

import { createNotificationRouter } from "../../src";
import { knexInbox } from "../../src/knex";
import { describeOnce } from "../support/skips";
import { describeOnPostgres, describeOnSqlite } from "./inbox-suites";

// The inbox through Knex 3: its apps load no Express, so the Express 5 project runs it once.

describeOnce("knexInbox", () => {
  describeOnPostgres("knex-postgres", (url, table) => {
    const db = knex({ client: "pg", connection: url, pool: { min: 0, max: 2 } });
    return { inbox: (options) => knexInbox({ knex: db, table, ...options }), close: () => db.destroy() };
  });
  describeOnSqlite("knex-sqlite", (file, table) => {
    const db = knex({ client: "better-sqlite3", connection: { filename: file }, useNullAsDefault: true });
    return { inbox: (options) => knexInbox({ knex: db, table, ...options }), close: () => db.destroy() };
  });

  it("refuses a Knex on a client it does not know, saying which it takes", () => {
    const mssql = { transaction() {}, raw() {}, client: { driverName: "mssql" } } as unknown as Knex;
    expect(() => knexInbox({ knex: mssql })).toThrow("pg, mysql2 or better-sqlite3 client (it uses mssql)");
    expect(() => knexInbox({ knex: {} as Knex })).toThrow("`knex` must be a Knex instance");
  });
});

// Compiled by `npm test` (tsc): ctx.transaction is the Knex.Transaction. Never runs.
export function typed(db: Knex): void {
  createNotificationRouter({
    path: "/doku/notify",
    clients: [],
    inbox: knexInbox({ knex: db }),
    async onPayment(_n, ctx) {
      const trx: Knex.Transaction = ctx.transaction;
      await trx("orders").update({ paid: true });
      // @ts-expect-error ctx.transaction is a Knex.Transaction, not a pg client
      ctx.transaction.release();
    },
  });
}
