import { Pool } from "pg";

import { postgresInbox } from "../../src/postgres";
import { describeOnce } from "../support/skips";
import { describeOnPostgres } from "./inbox-suites";

// postgresInbox over a pg Pool: its apps load no Express, so the Express 5 project runs it once.

describeOnce("postgresInbox", () => {
  describeOnPostgres("postgres", (url, table) => {
    const pool = new Pool({ connectionString: url, max: 4 });
    // The battery stops the server: an idle client's lost connection is reported here, not thrown.
    pool.on("error", () => undefined);
    return { inbox: (options) => postgresInbox({ pool, table, ...options }), close: () => pool.end() };
  });
});
