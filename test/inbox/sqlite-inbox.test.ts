import Database from "better-sqlite3";

import { sqliteInbox } from "../../src/sqlite";
import { describeOnce } from "../support/skips";
import { describeOnSqlite } from "./inbox-suites";

// sqliteInbox over a better-sqlite3 Database: its apps load no Express, so the Express 5 project runs it once.

describeOnce("sqliteInbox", () => {
  describeOnSqlite("sqlite", (file, table) => {
    const db = new Database(file, { timeout: 5000 });
    return {
      inbox: (options) => sqliteInbox({ db, table, ...options }),
      close: async () => void db.close(),
    };
  });
});
