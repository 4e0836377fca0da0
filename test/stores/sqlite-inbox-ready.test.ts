import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import knex from "knex";
import { Kysely, SqliteDialect } from "kysely";

import { drizzleInbox } from "../../src/drizzle";
import { knexInbox } from "../../src/knex";
import { kyselyInbox } from "../../src/kysely";
import { sqliteInbox } from "../../src/sqlite";
import { describeOnce } from "../support/skips";

// The inbox's ready() on a SQLite file, and the connection's settings that lose commits in a crash. No Express in it: the Express 5 project runs it once.

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

  it.each([
    [
      "synchronous OFF",
      ["synchronous = OFF"],
      [
        "SQLite's synchronous is OFF: a crash of the machine can lose or corrupt committed notifications and orders (run PRAGMA synchronous = FULL on the connection)",
      ],
    ],
    [
      "synchronous NORMAL with WAL",
      ["journal_mode = WAL", "synchronous = NORMAL"],
      [
        "SQLite's synchronous is NORMAL with journal_mode WAL: a crash of the machine can undo the last notifications already answered 200, which DOKU does not send again (run PRAGMA synchronous = FULL on the connection)",
      ],
    ],
    [
      "journal_mode MEMORY",
      ["journal_mode = MEMORY"],
      [
        "SQLite's journal_mode is MEMORY: a crash in the middle of a transaction can corrupt the database file (run PRAGMA journal_mode = WAL, or DELETE)",
      ],
    ],
    [
      "journal_mode OFF and synchronous OFF",
      ["journal_mode = OFF", "synchronous = OFF"],
      [
        "SQLite's synchronous is OFF: a crash of the machine can lose or corrupt committed notifications and orders (run PRAGMA synchronous = FULL on the connection)",
        "SQLite's journal_mode is OFF: a crash in the middle of a transaction can corrupt the database file, and a rollback is not reliable (run PRAGMA journal_mode = WAL, or DELETE)",
      ],
    ],
  ])("warns, still ready, under %s", async (name, pragmas, warnings) => {
    const db = new Database(join(dir, `${name.replaceAll(" ", "-")}.db`));
    try {
      // better-sqlite3 refuses journal_mode OFF outside its unsafe mode.
      db.unsafeMode(pragmas.includes("journal_mode = OFF"));
      for (const pragma of pragmas) db.pragma(pragma);
      const inbox = sqliteInbox({ db });
      await inbox.migrate();
      expect(await inbox.ready()).toEqual({
        ready: true,
        detail: "the database answered; doku_inbox in place",
        warnings,
      });
    } finally {
      db.close();
    }
  });

  it("has no warning under WAL with synchronous FULL", async () => {
    const db = new Database(join(dir, "wal-full.db"));
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      const inbox = sqliteInbox({ db });
      await inbox.migrate();
      expect((await inbox.ready()).warnings).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("on a WAL file reopened with better-sqlite3's defaults (synchronous NORMAL) warns, and FULL silences it", async () => {
    const path = join(dir, "reopened-wal.db");
    const first = new Database(path);
    first.pragma("journal_mode = WAL");
    first.close();
    const db = new Database(path);
    try {
      const inbox = sqliteInbox({ db });
      await inbox.migrate();
      expect((await inbox.ready()).warnings).toEqual([
        expect.stringMatching(/^SQLite's synchronous is NORMAL with journal_mode WAL/),
      ]);
      db.pragma("synchronous = FULL");
      expect((await inbox.ready()).warnings).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("has no file-durability warning for a database in memory: there is no file to lose", async () => {
    const db = new Database(":memory:");
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("memory");
      db.pragma("synchronous = OFF");
      const inbox = sqliteInbox({ db });
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

  it("reads the settings of the attached database a schema-qualified table is in", async () => {
    const db = new Database(join(dir, "main-of-attached.db"));
    try {
      db.exec(`ATTACH DATABASE '${join(dir, "attached.db")}' AS aux`);
      db.pragma("aux.synchronous = OFF");
      db.pragma("aux.journal_mode = MEMORY");
      const inbox = sqliteInbox({ db, table: "aux.doku_inbox" });
      await inbox.migrate();
      expect(await inbox.ready()).toEqual({
        ready: true,
        detail: "the database answered; aux.doku_inbox in place",
        warnings: [
          "SQLite's synchronous is OFF: a crash of the machine can lose or corrupt committed notifications and orders (run PRAGMA aux.synchronous = FULL on the connection)",
          "SQLite's journal_mode is MEMORY: a crash in the middle of a transaction can corrupt the database file (run PRAGMA aux.journal_mode = WAL, or DELETE)",
        ],
      });
      // Main's own settings are sound, and an attached database in memory has no file either.
      db.exec("ATTACH DATABASE ':memory:' AS scratch");
      db.pragma("scratch.synchronous = OFF");
      const inMemory = sqliteInbox({ db, table: "scratch.doku_inbox" });
      await inMemory.migrate();
      expect((await inMemory.ready()).warnings).toEqual([]);
      expect((await sqliteInbox({ db, table: "aux.doku_inbox" }).ready()).ready).toBe(true);
    } finally {
      db.close();
    }
  });

  const SYNCHRONOUS_OFF =
    "SQLite's synchronous is OFF: a crash of the machine can lose or corrupt committed notifications and orders (run PRAGMA synchronous = FULL on the connection)";

  it("reads the connection's settings through Knex, Kysely and Drizzle too", async () => {
    const db = new Database(join(dir, "orms.db"));
    db.pragma("synchronous = OFF");
    // Knex opens a connection of its own: the same setting, on it.
    const viaKnex = knex({
      client: "better-sqlite3",
      connection: { filename: join(dir, "orms.db") },
      useNullAsDefault: true,
      pool: {
        afterCreate: (connection: Database.Database, done: () => void) => {
          connection.pragma("synchronous = OFF");
          done();
        },
      },
    });
    const kysely = new Kysely({ dialect: new SqliteDialect({ database: db }) });
    try {
      const inboxes = [
        knexInbox({ knex: viaKnex, table: "via_knex" }),
        kyselyInbox({ db: kysely, table: "via_kysely" }),
        drizzleInbox({ db: drizzle(db), table: "via_drizzle" }),
      ];
      for (const inbox of inboxes) {
        await inbox.migrate();
        expect(await inbox.ready()).toEqual({
          ready: true,
          detail: `the database answered; ${inbox.table} in place`,
          warnings: [SYNCHRONOUS_OFF],
        });
      }
    } finally {
      await viaKnex.destroy();
      await kysely.destroy();
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
