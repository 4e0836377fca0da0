import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";

import { sqliteInbox } from "../../src/sqlite";
import { describeInboxBattery, type InboxDatabase } from "./inbox-battery";

// The inbox on SQLite files, shared by the battery's app processes. Its apps load no Express:
// the Express 5 project runs it once.
const describeOnce = (globalThis as { EXPRESS_MAJOR?: number }).EXPRESS_MAJOR === 4 ? describe.skip : describe;

describeOnce("sqliteInbox", () => {
  const dir = mkdtempSync(join(tmpdir(), "express-doku-sqlite-"));
  const file = join(dir, "shop.db");
  let db: Database.Database;
  let files = 0;
  const database: InboxDatabase = {
    env: { ADAPTER: "sqlite", DATABASE: file },
    paid: async (invoice) =>
      (db.prepare("SELECT count(*) AS n FROM paid_orders WHERE invoice = ?").get(invoice) as { n: number }).n,
    inboxRows: async () => (db.prepare("SELECT count(*) AS n FROM doku_inbox").get() as { n: number }).n,
    fresh: async () => ({ ADAPTER: "sqlite", DATABASE: join(dir, `fresh-${++files}.db`) }),
    inbox: (options) => sqliteInbox({ db, table: "doku_inbox_retention", ...options }),
  };
  beforeAll(() => {
    db = new Database(file, { timeout: 5000 });
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE IF NOT EXISTS paid_orders (invoice TEXT NOT NULL, pid INTEGER NOT NULL)");
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describeInboxBattery("SQLite", () => database);
});
