import { Pool } from "pg";

import { POSTGRES } from "../../src/inbox/postgres-dialect";
import { postgresInbox } from "../../src/postgres";
import { until } from "../support/example-process";
import { OwnPostgres, postgresForSuite, postgresUnavailableReason } from "../support/postgres-server";
import { describeOnceUnless } from "../support/skips";

// The inbox's ready() on a PostgreSQL 15 of the suite's own: up, table missing, stopped, and the
// settings that lose commits in a crash. No Express in it: the Express 5 project runs it once.
const describeOnce = describeOnceUnless(postgresUnavailableReason);

describeOnce("postgresInbox's ready()", () => {
  const postgres = postgresForSuite({ fsync: true, max: 2 });
  let pool: Pool;
  beforeAll(() => {
    pool = postgres.pool();
  });

  it("is not ready while the table is missing, and says to run migrate()", async () => {
    const inbox = postgresInbox({ pool, table: "ready_missing" });
    expect(await inbox.ready()).toEqual({
      ready: false,
      detail: "the table ready_missing is missing: run inbox.migrate()",
      warnings: [],
    });
  });

  it("is ready once migrated, and reads the replay table too once replayStore() was taken", async () => {
    const inbox = postgresInbox({ pool, table: "ready_up" });
    await inbox.migrate();
    expect(await inbox.ready()).toEqual({
      ready: true,
      detail: "the database answered; ready_up in place",
      warnings: [],
    });
    inbox.replayStore();
    inbox.close();
    expect((await inbox.ready()).detail).toBe("the database answered; ready_up and ready_up_replay in place");
    await pool.query("DROP TABLE ready_up_replay");
    expect(await inbox.ready()).toEqual({
      ready: false,
      detail: "the table ready_up_replay is missing: run inbox.migrate()",
      warnings: [],
    });
  });

  it("warns, still ready, when synchronous_commit is off for the inbox's database", async () => {
    await pool.query("CREATE DATABASE lax_commit");
    await pool.query("ALTER DATABASE lax_commit SET synchronous_commit = off");
    const url = new URL(postgres.server.url);
    url.pathname = "/lax_commit";
    const lax = new Pool({ connectionString: url.toString(), max: 1 });
    try {
      const inbox = postgresInbox({ pool: lax });
      await inbox.migrate();
      expect(await inbox.ready()).toEqual({
        ready: true,
        detail: "the database answered; doku_inbox in place",
        warnings: [
          "PostgreSQL's synchronous_commit is off: a crash of the server can undo notifications already answered 200, which DOKU does not send again (set synchronous_commit = on for the inbox's database or role)",
        ],
      });
    } finally {
      await lax.end();
    }
  });

  it("warns, still ready, when the server runs with fsync off, then with full_page_writes off too", async () => {
    const unsynced = new OwnPostgres({ fsync: false });
    let lax: Pool | undefined;
    try {
      await unsynced.start();
      lax = new Pool({ connectionString: unsynced.url, max: 1 });
      const inbox = postgresInbox({ pool: lax });
      await inbox.migrate();
      expect(await inbox.ready()).toEqual({
        ready: true,
        detail: "the database answered; doku_inbox in place",
        warnings: [
          "PostgreSQL's fsync is off: a crash of the machine can lose or corrupt committed notifications and orders (set fsync = on in postgresql.conf)",
        ],
      });
      // A server-wide setting: changed on this server of the test's own, read on the next transaction.
      await lax.query("ALTER SYSTEM SET full_page_writes = off");
      await lax.query("SELECT pg_reload_conf()");
      await until(
        async () => (await lax?.query("SHOW full_page_writes"))?.rows[0].full_page_writes === "off",
        "full_page_writes off",
      );
      expect((await inbox.ready()).warnings).toEqual([
        "PostgreSQL's fsync is off: a crash of the machine can lose or corrupt committed notifications and orders (set fsync = on in postgresql.conf)",
        "PostgreSQL's full_page_writes is off: a crash of the machine in the middle of a page write can leave the table torn and committed notifications unreadable (set full_page_writes = on in postgresql.conf, unless the file system writes whole pages atomically)",
      ]);
    } finally {
      await lax?.end();
      unsynced.dispose();
    }
  }, 60_000);

  it("warns that it could not read a setting the server lacks (a fork without fsync), its transaction still whole", async () => {
    // The dialect's own read on this server, the setting's name swapped for one no server has.
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const run = async (sql: string) => {
        const { rows } = await client.query(sql.replace("'fsync'", "'express_doku.no_such_setting'"));
        return { rows, changes: 0 };
      };
      expect(await POSTGRES.durability?.(run, "doku_inbox")).toEqual({
        warnings: [
          "could not read PostgreSQL's fsync (this server has no such setting): whether a crash can lose committed notifications is unknown",
        ],
      });
      // No statement failed: the transaction goes on.
      expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
  });

  it("leaves no connection checked out, however often it is asked", async () => {
    const inbox = postgresInbox({ pool, table: "ready_missing" });
    for (let i = 0; i < 10; i++) await inbox.ready();
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });

  it("is not ready while the server is stopped, and ready again after it restarts", async () => {
    const inbox = postgresInbox({ pool, table: "ready_restart" });
    await inbox.migrate();
    postgres.server.stop("immediate");
    try {
      const down = await inbox.ready({ timeoutMs: 2_000 });
      expect(down.ready).toBe(false);
      expect(down.detail).toMatch(/^the database (failed: .+|did not answer within 2000 ms)$/);
      expect(down.warnings).toEqual([]);
    } finally {
      await postgres.server.start();
    }
    // The pool's idle connections died with the server: the first ask may take one of them.
    let again = await inbox.ready();
    if (!again.ready) again = await inbox.ready();
    expect(again).toMatchObject({ ready: true });
  }, 30_000);
});
