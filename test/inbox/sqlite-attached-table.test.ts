import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";

import { sqliteInbox } from "../../src/sqlite";
import { describeOnce } from "../support/skips";

// A SQLite inbox table in an attached database ("aux.doku_inbox"): SQLite names an index's schema on the index,
// never on its table. No Express in it: the Express 5 project runs it once.

describeOnce("sqliteInbox on an attached database", () => {
  const dir = mkdtempSync(join(tmpdir(), "express-doku-sqlite-attached-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("migrate() makes the tables and their indexes there, and records into them", async () => {
    const db = new Database(join(dir, "shop.db"));
    try {
      db.exec(`ATTACH DATABASE '${join(dir, "inbox.db")}' AS aux`);
      const inbox = sqliteInbox({ db, table: "aux.doku_inbox" });
      await inbox.migrate();
      const made = db.prepare("SELECT type, name, tbl_name FROM aux.sqlite_master ORDER BY name").all();
      expect(made).toEqual(
        expect.arrayContaining([
          { type: "table", name: "doku_inbox", tbl_name: "doku_inbox" },
          { type: "index", name: "doku_inbox_created_at", tbl_name: "doku_inbox" },
          { type: "table", name: "doku_inbox_replay", tbl_name: "doku_inbox_replay" },
          { type: "index", name: "doku_inbox_replay_expires", tbl_name: "doku_inbox_replay" },
        ]),
      );
      expect(db.prepare("SELECT name FROM main.sqlite_master").all()).toEqual([]);
      const outcome = await inbox.record([{ key: "key-1", fingerprint: "f" }], () => Promise.resolve("done"));
      expect(outcome).toEqual({ state: "recorded", value: "done" });
      expect(db.prepare("SELECT id FROM aux.doku_inbox").all()).toEqual([{ id: "key-1" }]);
      inbox.close();
    } finally {
      db.close();
    }
  });
});
