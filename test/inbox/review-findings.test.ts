import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";
import { Pool } from "pg";

import { postgresInbox } from "../../src/postgres";
import { sqliteInbox } from "../../src/sqlite";
import { postgresForSuite, postgresUnavailableReason } from "../support/postgres-server";
import { describeOnce, describeOnceUnless } from "../support/skips";

// What a review of the inbox found, each reproduced first: these fail on the code before its fix.

describeOnce("SQLite: a COMMIT refused while another connection reads", () => {
  it("ends the transaction: the next notification is recorded, not stuck behind it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "express-doku-busy-commit-"));
    const file = join(dir, "shop.db");
    const db = new Database(file, { timeout: 100 });
    const reader = new Database(file, { timeout: 100 });
    try {
      db.exec("CREATE TABLE paid (invoice TEXT)");
      const inbox = sqliteInbox({ db });
      await inbox.migrate();
      // A reader holding SHARED in the rollback journal: the writer's COMMIT gets SQLITE_BUSY.
      reader.exec("BEGIN");
      reader.prepare("SELECT count(*) FROM paid").get();
      const first = await inbox.record([{ key: "k1", fingerprint: "f" }], async (tx) => {
        tx.prepare("INSERT INTO paid VALUES ('INV-1')").run();
      });
      // SQLITE_BUSY: the file is held elsewhere; nothing recorded, DOKU gets 409 and retries.
      expect(first.state).toBe("busy");
      expect(db.inTransaction).toBe(false);
      reader.exec("COMMIT");
      const second = await inbox.record([{ key: "k2", fingerprint: "f" }], async (tx) => {
        tx.prepare("INSERT INTO paid VALUES ('INV-2')").run();
      });
      expect(second.state).toBe("recorded");
      expect(reader.prepare("SELECT invoice FROM paid").all()).toEqual([{ invoice: "INV-2" }]);
      inbox.close();
    } finally {
      reader.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeOnce("options", () => {
  it("lockTimeoutMs is a whole number of ms up to ten minutes", () => {
    const db = new Database(":memory:");
    expect(() => sqliteInbox({ db, lockTimeoutMs: 2 ** 31 })).toThrow(/lockTimeoutMs/);
    expect(() => sqliteInbox({ db, table: "a".repeat(49) })).toThrow(/option `table`/);
    db.close();
  });
});

describeOnceUnless(postgresUnavailableReason)("PostgreSQL: lockTimeoutMs bounds the keys only", () => {
  const postgres = postgresForSuite({ max: 4 });
  let pool: Pool;
  beforeAll(() => {
    pool = postgres.pool();
  });

  it("onPayment's own statements wait as the merchant set, not lockTimeoutMs", async () => {
    const inbox = postgresInbox({ pool, lockTimeoutMs: 200 });
    await inbox.migrate();
    await pool.query("CREATE TABLE orders (id int PRIMARY KEY, paid bool)");
    await pool.query("INSERT INTO orders VALUES (1, false)");
    const admin = await pool.connect();
    await admin.query("BEGIN");
    await admin.query("SELECT * FROM orders WHERE id = 1 FOR UPDATE");
    // An admin holds the order for 600 ms: longer than lockTimeoutMs.
    const released = new Promise<void>((done) =>
      setTimeout(() => void admin.query("COMMIT").then(() => (admin.release(), done())), 600),
    );
    const outcome = await inbox.record([{ key: "k-admin", fingerprint: "f" }], async (client) => {
      expect((await client.query("SHOW lock_timeout")).rows[0]).toEqual({ lock_timeout: "0" });
      await client.query("UPDATE orders SET paid = true WHERE id = 1");
    });
    await released;
    expect(outcome.state).toBe("recorded");
    inbox.close();
  });
});
