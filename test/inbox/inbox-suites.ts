// The battery for an inbox adapter, on a PostgreSQL of the suite's own and on SQLite files:
// test/inbox/adapters/<adapter>.js writes the order through the driver or ORM in ctx.transaction.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";
import { Client, Pool } from "pg";

import { buildNotificationBody } from "../../src/testing";
import { OwnPostgres, postgresUnavailableReason } from "../support/postgres-server";
import { describeUnless } from "../support/skips";
import { describeInboxBattery, type InboxDatabase, notify } from "./inbox-battery";
import { startInboxApp } from "./inbox-process";

/** An inbox of the adapter in the test's process (on table `doku_inbox_retention`), and how to close its driver. */
export interface OrmInbox {
  inbox(options: {
    now?: () => number;
    retentionMs?: number;
    lockTimeoutMs?: number;
  }): ReturnType<InboxDatabase["inbox"]>;
  close(): Promise<void>;
}

const RETENTION_TABLE = "doku_inbox_retention";

// Another process: BEGIN IMMEDIATE on the file, "held" on stdout, COMMIT 400 ms later.
const HOLD_WRITE_LOCK = `
const db = new (require("better-sqlite3"))(process.argv[1]);
db.exec("BEGIN IMMEDIATE");
process.stdout.write("held\\n");
setTimeout(() => { db.exec("COMMIT"); db.close(); }, 400);
`;

/** The battery on PostgreSQL 15: one server for the suite, `open(url)` the driver or ORM in the test's process. */
export function describeOnPostgres(adapter: string, open: (url: string, table: string) => OrmInbox): void {
  describeUnless(postgresUnavailableReason)(`${adapter} on PostgreSQL`, () => {
    const server = new OwnPostgres();
    let pool: Pool;
    let orm: OrmInbox | undefined;
    let databases = 0;
    const database: InboxDatabase = {
      env: {},
      paid: async (invoice) =>
        Number((await pool.query("SELECT count(*) AS n FROM paid_orders WHERE invoice = $1", [invoice])).rows[0].n),
      inboxRows: async () => Number((await pool.query("SELECT count(*) AS n FROM doku_inbox")).rows[0].n),
      async fresh() {
        const name = `fresh_${++databases}`;
        await pool.query(`CREATE DATABASE ${name}`);
        return { ADAPTER: adapter, DATABASE: server.url.replace(/\/postgres$/, `/${name}`) };
      },
      crash: async () => server.stop("immediate"),
      restart: () => server.start(),
      inbox: (options) => (orm ??= open(server.url, RETENTION_TABLE)).inbox(options),
    };
    beforeAll(async () => {
      await server.start();
      database.env = { ADAPTER: adapter, DATABASE: server.url };
      pool = new Pool({ connectionString: server.url, max: 4 });
      pool.on("error", () => undefined);
    }, 60_000);
    afterAll(async () => {
      await orm?.close();
      await pool?.end();
      server.dispose();
    });

    describeInboxBattery(`PostgreSQL (${adapter})`, () => database);

    it("a handler that catches its own failed statement: COMMIT is a ROLLBACK; 503, nothing recorded", async () => {
      const app = await startInboxApp(database.env);
      try {
        const invoice = `INV-SWALLOW-${Date.now()}`;
        const answer = await notify(app, buildNotificationBody({ invoiceNumber: invoice }));
        expect(answer.status).toBe(503);
        expect(await database.paid(invoice)).toBe(0);
      } finally {
        await app.stop();
      }
    });

    it("a duplicate waits on the first's row lock: lock_timeout bounds it, SQLSTATE 55P03 is a 409", async () => {
      const first = new Client({ connectionString: server.url });
      await first.connect();
      const inbox = (orm ??= open(server.url, RETENTION_TABLE)).inbox({ lockTimeoutMs: 200 });
      try {
        await inbox.migrate();
        const key = `held-${Date.now()}`;
        await first.query("BEGIN");
        await first.query(`INSERT INTO ${RETENTION_TABLE} (id, fingerprint, created_at) VALUES ($1, 'f', 0)`, [key]);
        expect(await inbox.record([{ key, fingerprint: "f" }], async () => "ran")).toEqual({ state: "busy" });
        await first.query("COMMIT");
        expect(await inbox.record([{ key, fingerprint: "f" }], async () => "ran")).toMatchObject({ state: "seen" });
      } finally {
        inbox.close();
        await first.end();
      }
    });
  });
}

/** The battery on SQLite files in a directory of the suite's own, `open(file)` the driver or ORM in the test's process. */
export function describeOnSqlite(adapter: string, open: (file: string, table: string) => OrmInbox): void {
  describe(`${adapter} on SQLite`, () => {
    const dir = mkdtempSync(join(tmpdir(), "express-doku-orm-sqlite-"));
    const file = join(dir, "shop.db");
    let db: Database.Database;
    let orm: OrmInbox | undefined;
    let files = 0;
    const database: InboxDatabase = {
      env: { ADAPTER: adapter, DATABASE: file },
      paid: async (invoice) =>
        (db.prepare("SELECT count(*) AS n FROM paid_orders WHERE invoice = ?").get(invoice) as { n: number }).n,
      inboxRows: async () => (db.prepare("SELECT count(*) AS n FROM doku_inbox").get() as { n: number }).n,
      fresh: async () => ({ ADAPTER: adapter, DATABASE: join(dir, `fresh-${++files}.db`) }),
      inbox: (options) => (orm ??= open(file, RETENTION_TABLE)).inbox(options),
    };
    beforeAll(() => {
      db = new Database(file, { timeout: 5000 });
      db.pragma("journal_mode = WAL");
      db.exec("CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL, pid INTEGER NOT NULL)");
    });
    afterAll(async () => {
      await orm?.close();
      db?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    describeInboxBattery(`SQLite (${adapter})`, () => database);

    it("another process holding the file's write lock: the notification waits for it on the busy timeout, then runs", async () => {
      const inbox = (orm ??= open(file, RETENTION_TABLE)).inbox({});
      await inbox.migrate();
      const holder = spawn(process.execPath, ["-e", HOLD_WRITE_LOCK, file], { stdio: ["ignore", "pipe", "inherit"] });
      const exited = new Promise((done) => holder.once("exit", done));
      try {
        await new Promise((held) => holder.stdout.once("data", held));
        const started = Date.now();
        const key = `test:held-${Date.now()}`;
        expect(await inbox.record([{ key, fingerprint: "f" }], async () => "ran")).toEqual({
          state: "recorded",
          value: "ran",
        });
        // It ran once the other process committed, not before.
        expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      } finally {
        inbox.close();
        await exited;
      }
    });
  });
}
