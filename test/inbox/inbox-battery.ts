// One battery for every inbox adapter: real app processes on one real database, DOKU's requests
// over HTTP, the effect read back from the database.
import type { SqlInbox } from "../../src";
import { buildNotificationBody, signDokuRequest } from "../../src/testing";
import { rawPost } from "../support/raw-http";
import { CLIENT_ID, type InboxApp, SECRET, startInboxApp } from "./inbox-process";

const PATH = "/doku/notification";

/** One database the battery's apps share, as the dialect's suite provides it. */
export interface InboxDatabase {
  /** ADAPTER and DATABASE for test/inbox/inbox-app.js. */
  env: Record<string, string>;
  /** How many times the order was marked paid (committed rows of paid_orders). */
  paid(invoice: string): Promise<number>;
  /** How many inbox rows there are in all. */
  inboxRows(): Promise<number>;
  /** The env of a new, empty database on the same server (no inbox table yet). */
  fresh(): Promise<Record<string, string>>;
  /** Stops the database server as a crash would (every connection cut); absent for a file (SQLite). */
  crash?(): Promise<void>;
  restart?(): Promise<void>;
  /** An inbox of the dialect in the test's process, on the shared database. */
  inbox(options: { now: () => number; retentionMs: number }): {
    record: SqlInbox<unknown>["record"];
    migrate(): Promise<void>;
    deleteExpired(): Promise<number>;
    close(): void;
  };
}

let sequence = 0;
const invoiceFor = (prefix: string) => `${prefix}${process.pid}-${Date.now()}-${++sequence}`;

/** DOKU sends `body` to the app, freshly signed under a new Request-Id (or the one given). */
export function notify(app: InboxApp, body: object, requestId?: string) {
  const s = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: PATH, body, requestId });
  return rawPost(app.url + PATH, s.headers, s.bytes).then((answer) => ({
    ...answer,
    requestId: s.headers["Request-Id"],
  }));
}

const waitFor = async (check: () => boolean | Promise<boolean>, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("waited in vain");
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The checks every adapter passes on one shared database (two app processes). */
export function describeInboxBattery(name: string, database: () => InboxDatabase): void {
  describe(`${name}: the inbox across two app processes`, () => {
    let a: InboxApp;
    let b: InboxApp;
    beforeAll(async () => {
      // One after the other: the second migrates a table that exists.
      a = await startInboxApp({ ...database().env, SLOW_MS: "400" });
      b = await startInboxApp({ ...database().env, SLOW_MS: "400" });
    }, 60_000);
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
    });

    it("handles a payment once; DOKU's retry under a new Request-Id is answered 200 duplicate", async () => {
      const invoice = invoiceFor("INV-");
      const body = buildNotificationBody({ invoiceNumber: invoice });
      const first = await notify(a, body);
      const retry = await notify(b, body);
      expect([first.status, retry.status]).toEqual([200, 200]);
      expect(await database().paid(invoice)).toBe(1);
      await waitFor(() => b.events().some((e) => e.requestId === retry.requestId));
      expect(b.events().find((e) => e.requestId === retry.requestId)).toMatchObject({ reason: "duplicate" });
    });

    it("the same Request-Id again is a duplicate; with another body it is refused: 401", async () => {
      const body = buildNotificationBody({ invoiceNumber: invoiceFor("INV-") });
      const first = await notify(a, body);
      const again = await notify(b, body, first.requestId);
      const reused = await notify(b, buildNotificationBody({ invoiceNumber: invoiceFor("INV-") }), first.requestId);
      expect([first.status, again.status, reused.status]).toEqual([200, 200, 401]);
    });

    it("50 concurrent duplicates over both processes: paid exactly once, each answered 200 or 409, no 200 before the commit", async () => {
      const invoice = invoiceFor("INV-SLOW-");
      const body = buildNotificationBody({ invoiceNumber: invoice });
      const seenAt200: number[] = [];
      const answers = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const answer = await notify(i % 2 === 0 ? a : b, body);
          if (answer.status === 200) seenAt200.push(await database().paid(invoice));
          return answer.status;
        }),
      );
      expect(await database().paid(invoice)).toBe(1);
      expect(answers.every((s) => s === 200 || s === 409)).toBe(true);
      expect(answers).toContain(200);
      // Each 200 was read back after it arrived: the payment was committed by then.
      expect(seenAt200.every((n) => n === 1)).toBe(true);
    }, 30_000);

    it("a handler that throws is rolled back; DOKU's retry runs it; paid once", async () => {
      const invoice = invoiceFor("INV-FLAKY-");
      const body = buildNotificationBody({ invoiceNumber: invoice });
      const failed = await notify(a, body);
      expect(failed.status).toBe(500);
      expect(await database().paid(invoice)).toBe(0);
      expect((await notify(a, body)).status).toBe(200);
      expect(await database().paid(invoice)).toBe(1);
    });

    it("kill -9 while onPayment runs inside the transaction: nothing of it stays; the retry at the other runs once", async () => {
      const doomed = await startInboxApp({ ...database().env, HANG: "yes" });
      const invoice = invoiceFor("INV-HANG-");
      const body = buildNotificationBody({ invoiceNumber: invoice });
      const answer = notify(doomed, body).catch(() => "cut");
      await waitFor(async () => (await database().inboxRows()) >= 0 && doomed.output().length > 0);
      // Paid inside the open transaction, then stuck there.
      await new Promise((r) => setTimeout(r, 500));
      await doomed.kill();
      expect(await answer).toBe("cut");
      expect(await database().paid(invoice)).toBe(0);
      expect((await notify(a, body)).status).toBe(200);
      expect((await notify(b, body)).status).toBe(200);
      expect(await database().paid(invoice)).toBe(1);
    }, 30_000);

    it("onPayment past timeoutMs: 500 at once, committed when it ends; DOKU's retry finds it", async () => {
      const hasty = await startInboxApp({ ...database().env, TIMEOUT_MS: "150", SLOW_MS: "600" });
      try {
        const invoice = invoiceFor("INV-SLOW-");
        const body = buildNotificationBody({ invoiceNumber: invoice });
        const late = await notify(hasty, body);
        expect(late.status).toBe(500);
        await waitFor(async () => (await database().paid(invoice)) === 1);
        expect((await notify(a, body)).status).toBe(200);
        expect(await database().paid(invoice)).toBe(1);
      } finally {
        await hasty.stop();
      }
    }, 30_000);

    it("a pool of two under 50 concurrent duplicates of 5 payments: no deadlock, no connection left out", async () => {
      const small = await startInboxApp({ ...database().env, POOL_MAX: "2", LOCK_TIMEOUT_MS: "1000", SLOW_MS: "50" });
      try {
        const invoices = Array.from({ length: 5 }, () => invoiceFor("INV-SLOW-"));
        const bodies = invoices.map((invoice) => buildNotificationBody({ invoiceNumber: invoice }));
        const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => notify(small, bodies[i % 5] as object)));
        expect(answers.every((x) => [200, 409, 503].includes(x.status))).toBe(true);
        for (const invoice of invoices) expect(await database().paid(invoice)).toBeLessThanOrEqual(1);
        // DOKU retries what was not answered 200: then every payment is in, once.
        for (const body of bodies) expect((await notify(small, body)).status).toBe(200);
        for (const invoice of invoices) expect(await database().paid(invoice)).toBe(1);
        const pool = await fetch(small.url + "/pool").then((r) => r.json() as Promise<Record<string, number>>);
        if (pool.total !== undefined) {
          expect(pool.total).toBeLessThanOrEqual(2);
          expect(pool.idle).toBe(pool.total);
          expect(pool.waiting).toBe(0);
        }
      } finally {
        await small.stop();
      }
    }, 60_000);
  });

  describe(`${name}: the database's failures`, () => {
    it("without the table: 500 and an error event that says to run migrate()", async () => {
      const app = await startInboxApp({ ...(await database().fresh()), MIGRATE: "no" });
      try {
        const answer = await notify(app, buildNotificationBody({ invoiceNumber: invoiceFor("INV-") }));
        expect(answer.status).toBe(500);
        await waitFor(() => app.events().length > 0);
        expect(app.events()[0]).toMatchObject({ reason: "store_unavailable", level: "error" });
        expect(app.events()[0]?.detail).toContain("migrate()");
      } finally {
        await app.stop();
      }
    });

    it("migrate() by two processes at once on an empty database: both start", async () => {
      const env = await database().fresh();
      const apps = await Promise.all([startInboxApp(env), startInboxApp(env)]);
      try {
        const body = buildNotificationBody({ invoiceNumber: invoiceFor("INV-") });
        expect((await notify(apps[0], body)).status).toBe(200);
        expect((await notify(apps[1], body)).status).toBe(200);
      } finally {
        await Promise.all(apps.map((app) => app.stop()));
      }
    }, 30_000);

    it("retention deletes the rows older than retentionMs and no other", async () => {
      let clock = Date.now() - 8 * 24 * 3600_000;
      const inbox = database().inbox({ now: () => clock, retentionMs: 7 * 24 * 3600_000 });
      try {
        await inbox.migrate();
        const old = invoiceFor("INV-OLD-");
        const recent = invoiceFor("INV-NEW-");
        await inbox.record([{ key: `test:${old}`, fingerprint: "f" }], async () => undefined);
        clock = Date.now();
        await inbox.record([{ key: `test:${recent}`, fingerprint: "f" }], async () => undefined);
        expect(await inbox.deleteExpired()).toBeGreaterThanOrEqual(1);
        expect(await inbox.record([{ key: `test:${old}`, fingerprint: "f" }], async () => "ran")).toEqual({
          state: "recorded",
          value: "ran",
        });
        expect(await inbox.record([{ key: `test:${recent}`, fingerprint: "f" }], async () => "ran")).toMatchObject({
          state: "seen",
        });
      } finally {
        inbox.close();
      }
    });

    const withServer = database().crash === undefined ? it.skip : it;
    withServer(
      "the database down mid-transaction: 503 while down, exactly once after it is back",
      async () => {
        const app = await startInboxApp({ ...database().env, SLOW_MS: "1500" });
        try {
          const invoice = invoiceFor("INV-SLOW-");
          const body = buildNotificationBody({ invoiceNumber: invoice });
          const inFlight = notify(app, body);
          await new Promise((r) => setTimeout(r, 400));
          await database().crash?.();
          expect([500, 503]).toContain((await inFlight).status);
          expect((await notify(app, body)).status).toBe(503);
          await database().restart?.();
          await waitFor(async () => (await notify(app, body)).status === 200, 20_000);
          expect(await database().paid(invoice)).toBe(1);
          expect((await notify(app, body)).status).toBe(200);
          expect(await database().paid(invoice)).toBe(1);
        } finally {
          await app.stop();
        }
      },
      60_000,
    );
  });
}
