import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";

import { sqliteInbox } from "../../src/sqlite";

// The inbox's ready() on a SQLite file. No Express in it: the Express 5 project runs it once.
const describeOnce = (globalThis as { EXPRESS_MAJOR?: number }).EXPRESS_MAJOR === 4 ? describe.skip : describe;

describeOnce("sqliteInbox's ready()", () => {
  const dir = mkdtempSync(join(tmpdir(), "express-doku-sqlite-ready-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is not ready before migrate(), ready after it", async () => {
    const db = new Database(join(dir, "shop.db"));
    try {
      const inbox = sqliteInbox({ db });
      expect(await inbox.ready()).toEqual({
        ready: false,
        detail: "the table doku_inbox is missing: run inbox.migrate()",
        warnings: [],
      });
      await inbox.migrate();
      expect(await inbox.ready()).toEqual({
        ready: true,
        detail: "the database answered; doku_inbox in place",
        warnings: [],
      });
    } finally {
      db.close();
    }
  });

  it("is not ready, and does not reject, once the database is closed", async () => {
    const db = new Database(join(dir, "closed.db"));
    const inbox = sqliteInbox({ db });
    await inbox.migrate();
    db.close();
    const readiness = await inbox.ready();
    expect(readiness.ready).toBe(false);
    expect(readiness.detail).toMatch(/^the database failed: .*not open/);
  });
});
