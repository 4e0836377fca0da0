// An app process for test/inbox/connection-lost.spawn.test.ts, run from the sources (ts-node):
// the notification router over the inbox of ORM (pg, kysely, drizzle, knex on PostgreSQL; mysql2,
// kysely-mysql, drizzle-mysql, knex-mysql on MySQL/MariaDB) on DATABASE, set up as a merchant would
// (kyselyInbox given the pg Pool), with no "error" listener of the app's own on the pool or its
// clients. Its PostgreSQL connections carry application_name APP_NAME. onPayment marks the
// order paid, then, the first time for an invoice, prints {"waiting":…} and waits for a line on
// stdin. Prints {"port":…} once listening, then one JSON line per event.
import { createServer } from "node:http";
import { createInterface } from "node:readline";

import { mysqlTable, varchar } from "drizzle-orm/mysql-core";
import { drizzle as drizzleMysql } from "drizzle-orm/mysql2";
import { drizzle } from "drizzle-orm/node-postgres";
import { pgTable, text } from "drizzle-orm/pg-core";
import knex, { type Knex } from "knex";
import { Kysely, MysqlDialect, PostgresDialect, type Transaction } from "kysely";
import { createPool as createCallbackPool } from "mysql2";
import { createConnection, createPool, type PoolConnection as MysqlConnection } from "mysql2/promise";
import { Pool, type PoolClient } from "pg";

import { createNotificationRouter, type DokuInbox } from "../../src";
import { drizzleInbox } from "../../src/drizzle";
import { knexInbox } from "../../src/knex";
import { kyselyInbox } from "../../src/kysely";
import { mysqlInbox } from "../../src/mysql";
import { postgresInbox } from "../../src/postgres";

const { ORM, DATABASE, APP_NAME, CLIENT_ID, SECRET } = process.env as {
  [name in "ORM" | "DATABASE" | "APP_NAME" | "CLIENT_ID" | "SECRET"]: string;
};
const CREATE = "CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL)";
const paidOrders = pgTable("paid_orders", { invoice: text("invoice").notNull() });
const CREATE_MYSQL = "CREATE TABLE IF NOT EXISTS paid_orders (invoice VARCHAR(64) NOT NULL) ENGINE=InnoDB";
const mysqlPaidOrders = mysqlTable("paid_orders", { invoice: varchar("invoice", { length: 64 }).notNull() });
const onMysql = ORM === "mysql2" || ORM.endsWith("-mysql");
// Knex logs on stdout, where the app's lines are JSON for the test to read.
const knexLog = { warn: console.error, error: console.error, deprecate: console.error, debug: console.error };

interface Shop {
  paid_orders: { invoice: string };
}

interface App {
  inbox: DokuInbox<never> & { migrate(): Promise<void> };
  markPaid(tx: unknown, invoice: string): Promise<unknown>;
}

const newPool = () => new Pool({ connectionString: DATABASE, application_name: APP_NAME, max: 4 });

function open(): App {
  switch (ORM) {
    case "pg": {
      const pool = newPool();
      return {
        inbox: postgresInbox({ pool }) as unknown as App["inbox"],
        markPaid: (client, invoice) =>
          (client as PoolClient).query("INSERT INTO paid_orders (invoice) VALUES ($1)", [invoice]),
      };
    }
    case "kysely": {
      const pool = newPool();
      const db = new Kysely<Shop>({ dialect: new PostgresDialect({ pool }) });
      return {
        inbox: kyselyInbox({ db, pool }) as unknown as App["inbox"],
        markPaid: (trx, invoice) => (trx as Transaction<Shop>).insertInto("paid_orders").values({ invoice }).execute(),
      };
    }
    case "drizzle": {
      const db = drizzle(newPool());
      return {
        inbox: drizzleInbox({ db }) as unknown as App["inbox"],
        markPaid: (tx, invoice) => (tx as typeof db).insert(paidOrders).values({ invoice }),
      };
    }
    case "knex": {
      const db = knex({
        client: "pg",
        connection: { connectionString: DATABASE, application_name: APP_NAME },
        log: knexLog,
      });
      return {
        inbox: knexInbox({ knex: db }) as unknown as App["inbox"],
        markPaid: (trx, invoice) => (trx as Knex.Transaction)("paid_orders").insert({ invoice }),
      };
    }
    case "mysql2": {
      const pool = createPool({ uri: DATABASE, connectionLimit: 4 });
      return {
        inbox: mysqlInbox({ pool }) as unknown as App["inbox"],
        markPaid: (connection, invoice) =>
          (connection as MysqlConnection).query("INSERT INTO paid_orders (invoice) VALUES (?)", [invoice]),
      };
    }
    case "kysely-mysql": {
      const db = new Kysely<Shop>({ dialect: new MysqlDialect({ pool: createCallbackPool({ uri: DATABASE }) }) });
      return {
        inbox: kyselyInbox({ db }) as unknown as App["inbox"],
        markPaid: (trx, invoice) => (trx as Transaction<Shop>).insertInto("paid_orders").values({ invoice }).execute(),
      };
    }
    case "drizzle-mysql": {
      const db = drizzleMysql({ client: createPool({ uri: DATABASE, connectionLimit: 4 }) });
      return {
        inbox: drizzleInbox({ db }) as unknown as App["inbox"],
        markPaid: (tx, invoice) => (tx as typeof db).insert(mysqlPaidOrders).values({ invoice }),
      };
    }
    case "knex-mysql": {
      const db = knex({ client: "mysql2", connection: DATABASE, log: knexLog });
      return {
        inbox: knexInbox({ knex: db }) as unknown as App["inbox"],
        markPaid: (trx, invoice) => (trx as Knex.Transaction)("paid_orders").insert({ invoice }),
      };
    }
    default:
      throw new Error(`no such ORM: ${ORM}`);
  }
}

// A line on stdin lets the onPayment waiting go on.
const released: (() => void)[] = [];
createInterface({ input: process.stdin }).on("line", () => released.splice(0).forEach((go) => go()));

async function main() {
  const app = open();
  await app.inbox.migrate();
  if (onMysql) {
    const setup = await createConnection({ uri: DATABASE });
    await setup.query(CREATE_MYSQL);
    await setup.end();
  } else {
    const setup = new Pool({ connectionString: DATABASE, max: 1 });
    await setup.query(CREATE);
    await setup.end();
  }
  const waited = new Set<string>();
  const router = createNotificationRouter({
    path: "/doku/notification",
    clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }],
    inbox: app.inbox,
    onEvent: (e) =>
      process.stdout.write(
        JSON.stringify({ event: { ...e, error: e.error instanceof Error ? e.error.message : undefined } }) + "\n",
      ),
    async onPayment(notification, ctx) {
      const invoice = notification.order.invoice_number;
      await app.markPaid(ctx.transaction, invoice);
      if (waited.has(invoice)) return;
      waited.add(invoice);
      await new Promise<void>((go) => {
        released.push(go);
        process.stdout.write(JSON.stringify({ waiting: invoice }) + "\n");
      });
    },
  });
  const server = createServer((req, res) =>
    router(req, res, () => {
      res.statusCode = 404;
      res.end();
    }),
  );
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(JSON.stringify({ port: typeof address === "object" ? address?.port : 0 }) + "\n");
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
