// The database drops the inbox's connection while onPayment waits inside the transaction
// (PostgreSQL's pg_terminate_backend, MariaDB's KILL, as a restart, a failover or a server-side
// timeout would): the app's process lives on, the notification is not recorded, and DOKU's retry records it.
import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";

import { type Connection, createConnection } from "mysql2/promise";

import { buildNotificationBody } from "../../src/testing";
import { mariadbUnavailableReason, OwnMariadb } from "../support/mariadb-server";
import { postgresForSuite, postgresUnavailableReason } from "../support/postgres-server";
import { describeOnceUnless } from "../support/skips";
import { notify } from "./inbox-battery";
import { CLIENT_ID, type InboxApp, readJsonLines, SECRET } from "./inbox-process";

const ROOT = resolve(__dirname, "../..");

type InboxEvent = ReturnType<InboxApp["events"]>[number];

interface LostApp extends InboxApp {
  /** Lets the onPayment waiting go on. */
  release(): void;
  waiting(invoice: string): Promise<void>;
  /** The n-th event (from 0), once written: it follows the answer. */
  event(n: number): Promise<InboxEvent>;
  alive(): boolean;
}

/** test/inbox/connection-lost-app.ts in a process of its own, from the sources. */
async function startApp(env: Record<string, string>): Promise<LostApp> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", join(__dirname, "connection-lost-app.ts")],
    { cwd: ROOT, env: { PATH: process.env.PATH, CLIENT_ID, SECRET, ...env }, stdio: ["pipe", "pipe", "pipe"] },
  );
  const events: InboxEvent[] = [];
  const lines: Record<string, unknown>[] = [];
  const printed = readJsonLines(child, (parsed) => {
    lines.push(parsed);
    if (parsed.event) events.push(parsed.event as InboxEvent);
  });
  child.stdin?.on("error", () => undefined);
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const until = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!check()) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app died ${what}:\n${printed()}`);
      if (Date.now() > deadline) throw new Error(`the app did not get ${what}:\n${printed()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until(() => lines.some((l) => typeof l.port === "number"), "to listen");
  const alive = () => child.exitCode === null && child.signalCode === null;
  const port = lines.find((l) => typeof l.port === "number")?.port as number;
  return {
    url: `http://127.0.0.1:${port}`,
    events: () => events,
    output: printed,
    release: () => child.stdin?.write("go\n"),
    event: async (n) => {
      await until(() => events.length > n, `to event ${n}`);
      return events[n] as InboxEvent;
    },
    waiting: (invoice) => until(() => lines.some((l) => l.waiting === invoice), `to onPayment for ${invoice}`),
    alive,
    async kill() {
      if (alive()) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (alive()) child.kill("SIGTERM");
      await exited;
    },
  };
}

interface Database {
  /** The server's id of the one connection holding the inbox's transaction open. */
  held(): Promise<number>;
  /** Cuts it, and returns once the server has let it go. */
  cut(id: number): Promise<void>;
  paid(invoice: string): Promise<number>;
}

async function dropDuringOnPayment(orm: string, env: Record<string, string>, database: Database) {
  const app = await startApp({ ORM: orm, ...env });
  try {
    const invoice = `INV-LOST-${orm}-${Date.now()}`;
    const body = buildNotificationBody({ invoiceNumber: invoice });
    const first = notify(app, body).catch((error: unknown) => error as Error);
    await app.waiting(invoice);

    await database.cut(await database.held());
    // The server's last words reach the app before onPayment goes on.
    await new Promise((r) => setTimeout(r, 100));
    app.release();

    const answer = await first;
    expect({ alive: app.alive(), output: app.alive() ? "" : app.output() }).toEqual({ alive: true, output: "" });
    expect(answer).toMatchObject({ status: 503 });
    // What the inbox reports is the connection's failure, not an "error" event's silence.
    expect(await app.event(0)).toMatchObject({
      reason: "store_unavailable",
      statusCode: 503,
      error: expect.stringMatching(/connection/i),
    });
    expect(await database.paid(invoice)).toBe(0);

    const retry = await notify(app, body);
    expect(retry.status).toBe(200);
    expect(await app.event(1)).toMatchObject({ reason: "handled" });
    expect(await database.paid(invoice)).toBe(1);
    expect(app.alive()).toBe(true);
  } finally {
    await app.stop();
  }
}

const LIVES_ON = "the process lives on, 503 and nothing recorded; DOKU's retry runs onPayment and records it";

describeOnceUnless(postgresUnavailableReason)("PostgreSQL drops the inbox's connection during onPayment", () => {
  const { server, pool } = postgresForSuite();

  const count = async (sql: string, value: string) => Number((await pool().query(sql, [value])).rows[0].n);

  describe.each(["pg", "kysely", "drizzle", "knex"])("%s", (orm) => {
    const appName = `doku-lost-${orm}`;

    it(
      LIVES_ON,
      () =>
        dropDuringOnPayment(
          orm,
          { DATABASE: server.url, APP_NAME: appName },
          {
            async held() {
              const held = await pool().query(
                "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle in transaction'",
                [appName],
              );
              expect(held.rows).toHaveLength(1);
              return held.rows[0].pid as number;
            },
            async cut(pid) {
              await pool().query("SELECT pg_terminate_backend($1)", [pid]);
              while ((await count("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1", String(pid))) > 0) {
                await new Promise((r) => setTimeout(r, 20));
              }
            },
            paid: (invoice) => count("SELECT count(*) AS n FROM paid_orders WHERE invoice = $1", invoice),
          },
        ),
      60_000,
    );
  });
});

// KILL closes the connection as a restart, a failover or wait_timeout would. mysql2's PoolConnection hears the
// "error" it emits (once) itself: Kysely and Drizzle add no listener, and the process lives on all the same.
describeOnceUnless(mariadbUnavailableReason)("MariaDB drops the inbox's connection during onPayment", () => {
  const server = new OwnMariadb();
  let admin: Connection;
  beforeAll(async () => {
    await server.start();
    admin = await createConnection({ uri: server.url() });
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await server.dispose();
  });

  const count = async (sql: string, values: unknown[]) => {
    const [rows] = await admin.query(sql, values);
    return Number((rows as { n: number }[])[0]?.n);
  };

  describe.each(["mysql2", "kysely-mysql", "drizzle-mysql", "knex-mysql"])("%s", (orm) => {
    const database = `lost_${orm.replace("-", "_")}`;

    it(
      LIVES_ON,
      async () => {
        await admin.query(`CREATE DATABASE ${database}`);
        await dropDuringOnPayment(
          orm,
          { DATABASE: server.url(database) },
          {
            async held() {
              // The app's connection inside onPayment, its transaction open and holding rows.
              const [rows] = await admin.query(
                "SELECT p.ID AS id FROM information_schema.PROCESSLIST p " +
                  "JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID " +
                  "WHERE p.DB = ? AND p.COMMAND = 'Sleep'",
                [database],
              );
              expect(rows).toHaveLength(1);
              return Number((rows as { id: number }[])[0]?.id);
            },
            async cut(id) {
              await admin.query(`KILL ${Number(id)}`);
              while ((await count("SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?", [id])) > 0) {
                await new Promise((r) => setTimeout(r, 20));
              }
            },
            paid: (invoice) => count(`SELECT count(*) AS n FROM ${database}.paid_orders WHERE invoice = ?`, [invoice]),
          },
        );
      },
      60_000,
    );
  });
});
