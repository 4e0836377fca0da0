import { createPool as createCallbackPool } from "mysql2";
import { type Connection, createConnection, createPool, type Pool, type PoolConnection } from "mysql2/promise";

import { createNotificationRouter } from "../../src";
import { mysqlInbox } from "../../src/mysql";
import { buildNotificationBody } from "../../src/testing";
import { mariadbUnavailableReason, OwnMariadb } from "../support/mariadb-server";
import { describeOnceUnless } from "../support/skips";
import { describeInboxBattery, type InboxDatabase, notify } from "./inbox-battery";
import { startInboxApp } from "./inbox-process";

// The inbox on a MariaDB 10.11 of the suite's own. Its apps load no Express: the Express 5
// project runs it once.
const describeOnce = describeOnceUnless(mariadbUnavailableReason);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Compiled by tsc, never run: ctx.transaction is mysql2's PoolConnection, as the pool says.
export function typedTransaction(pool: Pool): void {
  createNotificationRouter({
    path: "/doku/notification",
    clients: [{ clientId: "MCH-1", secretKeys: ["SK-TYPES"] }],
    inbox: mysqlInbox({ pool }),
    async onPayment(_notification, ctx) {
      const connection: PoolConnection = ctx.transaction;
      // @ts-expect-error ctx.transaction is the PoolConnection, not anything
      const notIt: number = ctx.transaction;
      void [connection, notIt];
    },
  });
}

describeOnce("mysqlInbox", () => {
  const server = new OwnMariadb();
  let pool: Pool;
  let databases = 0;
  const database: InboxDatabase = {
    env: {},
    paid: async (invoice) => {
      const [rows] = await pool.query("SELECT count(*) AS n FROM paid_orders WHERE invoice = ?", [invoice]);
      return Number((rows as { n: number }[])[0]?.n);
    },
    inboxRows: async () => {
      const [rows] = await pool.query("SELECT count(*) AS n FROM doku_inbox");
      return Number((rows as { n: number }[])[0]?.n);
    },
    async fresh() {
      const name = `fresh_${++databases}`;
      await pool.query(`CREATE DATABASE ${name}`);
      return { ADAPTER: "mysql", DATABASE: server.url(name) };
    },
    crash: () => server.stop("crash"),
    restart: () => server.start(),
    inbox: (options) => mysqlInbox({ pool, table: "doku_inbox_retention", ...options }),
  };
  beforeAll(async () => {
    await server.start();
    const admin = await createConnection({ uri: server.url() });
    await admin.query("CREATE DATABASE shop");
    await admin.end();
    database.env = { ADAPTER: "mysql", DATABASE: server.url("shop") };
    pool = createPool({ uri: server.url("shop"), connectionLimit: 4 });
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await server.dispose();
  });

  describeInboxBattery("MariaDB", () => database);

  describe("MariaDB: how a duplicate waits", () => {
    // Connections of the test's own, each holding a transaction open.
    const opened: Connection[] = [];
    const connection = async () => {
      const made = await createConnection({ uri: server.url("shop") });
      opened.push(made);
      return made;
    };
    let single: Pool;
    beforeAll(async () => {
      await mysqlInbox({ pool }).migrate();
      // One connection: what the inbox leaves on it is what the next user of the pool gets.
      single = createPool({ uri: server.url("shop"), connectionLimit: 1 });
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((made) => made.end()));
    });
    afterAll(() => single?.end());

    const sessionWait = async (on: Pool) => {
      const [rows] = await on.query("SELECT @@SESSION.innodb_lock_wait_timeout AS wait, CONNECTION_ID() AS id");
      return (rows as { wait: number; id: number }[])[0];
    };

    it("a duplicate waits on the first's uncommitted key: 409 (ER_LOCK_WAIT_TIMEOUT) past lockTimeoutMs, the session's wait given back", async () => {
      const first = await connection();
      const key = `held-${Date.now()}`;
      const inbox = mysqlInbox({ pool: single, lockTimeoutMs: 200 });
      await single.query("SET SESSION innodb_lock_wait_timeout = 7");
      const before = await sessionWait(single);
      await first.query("START TRANSACTION");
      await first.query("INSERT INTO doku_inbox (id, fingerprint, created_at) VALUES (?, 'f', 0)", [key]);
      expect(await inbox.record([{ key, fingerprint: "f" }], async () => "ran")).toEqual({ state: "busy" });
      // The same connection, its own wait again (whole seconds: 200 ms was 1 s while the keys went in).
      expect(await sessionWait(single)).toEqual(before);
      await first.query("COMMIT");
      expect(await inbox.record([{ key, fingerprint: "f" }], async () => "ran")).toEqual({
        state: "seen",
        key,
        fingerprint: "f",
      });
      expect(await inbox.record([{ key: `${key}-new`, fingerprint: "f" }], async () => "ran")).toEqual({
        state: "recorded",
        value: "ran",
      });
      expect(await sessionWait(single)).toEqual(before);
      inbox.close();
    });

    it("waits for the first's commit under REPEATABLE READ, then finds the committed row: seen", async () => {
      const first = await connection();
      const key = `waited-${Date.now()}`;
      const inbox = mysqlInbox({ pool: single, lockTimeoutMs: 5000 });
      await first.query("START TRANSACTION");
      await first.query("INSERT INTO doku_inbox (id, fingerprint, created_at) VALUES (?, 'first', 0)", [key]);
      const waiting = inbox.record([{ key, fingerprint: "second" }], async () => "ran");
      await sleep(300);
      await first.query("COMMIT");
      expect(await waiting).toEqual({ state: "seen", key, fingerprint: "first" });
      inbox.close();
    });

    it("after the first's rollback the duplicate inserts the key and runs", async () => {
      const first = await connection();
      const key = `rolled-${Date.now()}`;
      const inbox = mysqlInbox({ pool: single, lockTimeoutMs: 5000 });
      await first.query("START TRANSACTION");
      await first.query("INSERT INTO doku_inbox (id, fingerprint, created_at) VALUES (?, 'first', 0)", [key]);
      const waiting = inbox.record([{ key, fingerprint: "second" }], async () => "ran");
      await sleep(300);
      await first.query("ROLLBACK");
      expect(await waiting).toEqual({ state: "recorded", value: "ran" });
      inbox.close();
    });

    it("two duplicates waiting on a first that rolls back: one deadlocks (1213), a 409; both sessions' waits given back", async () => {
      const first = await connection();
      const key = `deadlock-${Date.now()}`;
      const two = createPool({ uri: server.url("shop"), connectionLimit: 2 });
      try {
        const inbox = mysqlInbox({ pool: two, lockTimeoutMs: 5000 });
        await first.query("START TRANSACTION");
        await first.query("INSERT INTO doku_inbox (id, fingerprint, created_at) VALUES (?, 'first', 0)", [key]);
        const waiting = [1, 2].map(() => inbox.record([{ key, fingerprint: "f" }], async () => "ran"));
        await sleep(300);
        await first.query("ROLLBACK");
        const outcomes = await Promise.all(waiting);
        expect(outcomes.map((o) => o.state).sort()).toEqual(["busy", "recorded"]);
        const waits = await Promise.all(
          [1, 2].map(async () => {
            const held = await two.getConnection();
            const [rows] = await held.query("SELECT @@SESSION.innodb_lock_wait_timeout AS wait");
            return { held, wait: (rows as { wait: number }[])[0]?.wait };
          }),
        );
        for (const { held } of waits) held.release();
        expect(waits.map((w) => w.wait)).toEqual([50, 50]);
        inbox.close();
      } finally {
        await two.end();
      }
    });

    it("a deadlock inside onPayment, caught by it, ended the transaction: nothing recorded, unavailable (503)", async () => {
      await pool.query("CREATE TABLE IF NOT EXISTS locks (id INT PRIMARY KEY) ENGINE=InnoDB");
      await pool.query("INSERT IGNORE INTO locks VALUES (1), (2)");
      await pool.query("CREATE TABLE IF NOT EXISTS scratch (n INT NOT NULL) ENGINE=InnoDB");
      const other = await connection();
      const key = `caught-${Date.now()}`;
      const inbox = mysqlInbox({ pool: single });
      let caught: unknown;
      const outcome = await inbox.record([{ key, fingerprint: "f" }], async (tx) => {
        await tx.query("SELECT id FROM locks WHERE id = 1 FOR UPDATE");
        // The other transaction weighs more: InnoDB rolls this one back.
        await other.query("START TRANSACTION");
        await other.query(`INSERT INTO scratch VALUES ${Array.from({ length: 50 }, (_, i) => `(${i})`).join(",")}`);
        await other.query("SELECT id FROM locks WHERE id = 2 FOR UPDATE");
        const waiting = tx.query("SELECT id FROM locks WHERE id = 2 FOR UPDATE").catch((error: unknown) => error);
        await sleep(200);
        const otherWaits = other.query("SELECT id FROM locks WHERE id = 1 FOR UPDATE");
        caught = await waiting;
        await otherWaits;
        await other.query("ROLLBACK");
        return "carried on";
      });
      expect(caught).toMatchObject({ errno: 1213 });
      expect(outcome).toMatchObject({ state: "unavailable", missingTable: false });
      const [rows] = await pool.query("SELECT count(*) AS n FROM doku_inbox WHERE id = ?", [key]);
      expect(Number((rows as { n: number }[])[0]?.n)).toBe(0);
      expect(await inbox.record([{ key, fingerprint: "f" }], async () => "ran")).toEqual({
        state: "recorded",
        value: "ran",
      });
      inbox.close();
    });

    it("the connection killed while onPayment holds it: unavailable (503), and the pool hands out a working one", async () => {
      const other = await connection();
      const inbox = mysqlInbox({ pool: single });
      const key = `killed-${Date.now()}`;
      let killed = 0;
      const outcome = await inbox.record([{ key, fingerprint: "f" }], async (tx) => {
        const [rows] = await tx.query("SELECT CONNECTION_ID() AS id");
        killed = (rows as { id: number }[])[0]?.id ?? 0;
        await other.query(`KILL ${killed}`);
        await sleep(300);
      });
      expect(outcome).toMatchObject({ state: "unavailable" });
      const after = await sessionWait(single);
      expect(after?.id).not.toBe(killed);
      inbox.close();
    });

    it("a key as long as DOKU's (a 128-character Request-Id) is stored whole; a near-identical one is another key", async () => {
      const inbox = mysqlInbox({ pool: single });
      const requestId = "r".repeat(127);
      const key = `notification:request:BRN-0212-1700000000000:${requestId}`;
      expect(await inbox.record([{ key: `${key}x`, fingerprint: "a" }], async () => "a")).toEqual({
        state: "recorded",
        value: "a",
      });
      expect(await inbox.record([{ key: `${key}y`, fingerprint: "b" }], async () => "b")).toEqual({
        state: "recorded",
        value: "b",
      });
      // A trailing space is part of the key: no PAD SPACE collation folds it away.
      expect(await inbox.record([{ key: `${key}x `, fingerprint: "c" }], async () => "c")).toEqual({
        state: "recorded",
        value: "c",
      });
      const [rows] = await pool.query("SELECT id FROM doku_inbox WHERE id = ?", [`${key}x`]);
      expect(String((rows as { id: Buffer }[])[0]?.id)).toBe(`${key}x`);
      inbox.close();
    });
  });

  it("a handler that catches its own failed statement: MySQL keeps the transaction; 200, paid once", async () => {
    const app = await startInboxApp(database.env);
    try {
      const invoice = `INV-SWALLOW-${Date.now()}`;
      const answer = await notify(app, buildNotificationBody({ invoiceNumber: invoice }));
      expect(answer.status).toBe(200);
      expect(await database.paid(invoice)).toBe(1);
    } finally {
      await app.stop();
    }
  });

  it("refuses what is not a mysql2/promise Pool, naming pool.promise() for the callback one", () => {
    const callbackPool = createCallbackPool({ uri: server.url("shop") });
    try {
      expect(() => mysqlInbox({ pool: callbackPool as never })).toThrow(/pool\.promise\(\)/);
      expect(() => mysqlInbox({ pool: {} as never })).toThrow(/`pool` must be a mysql2\/promise Pool/);
    } finally {
      callbackPool.end();
    }
  });
});
