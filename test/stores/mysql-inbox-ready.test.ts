import knex, { type Knex } from "knex";
import { createConnection, createPool, type Pool } from "mysql2/promise";

import { MYSQL } from "../../src/inbox/mysql-dialect";
import { knexInbox } from "../../src/knex";
import { mysqlInbox } from "../../src/mysql";
import { mariadbUnavailableReason, OwnMariadb } from "../support/mariadb-server";
import { describeOnceUnless } from "../support/skips";

// The inbox's ready() on a MariaDB 10.11 of the suite's own: the redo log's flushing and a table
// that cannot roll back. No Express in it: the Express 5 project runs it once.
const describeOnce = describeOnceUnless(mariadbUnavailableReason);

const LAX_FLUSH =
  "innodb_flush_log_at_trx_commit is 2: a crash of the machine can undo the last second of notifications already answered 200, which DOKU does not send again (set innodb_flush_log_at_trx_commit = 1)";

describeOnce("mysqlInbox's ready()", () => {
  // Started with innodb_flush_log_at_trx_commit=2, the doublewrite buffer on.
  const server = new OwnMariadb({ doublewrite: true });
  let pool: Pool;
  const setFlush = (value: number) => pool.query(`SET GLOBAL innodb_flush_log_at_trx_commit = ${value}`);
  beforeAll(async () => {
    await server.start();
    const admin = await createConnection({ uri: server.url() });
    await admin.query("CREATE DATABASE shop");
    await admin.query("CREATE DATABASE other");
    await admin.end();
    pool = createPool({ uri: server.url("shop"), connectionLimit: 2 });
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await server.dispose();
  });

  it("warns, still ready, while innodb_flush_log_at_trx_commit is 2; no warning at 1", async () => {
    const inbox = mysqlInbox({ pool, table: "ready_flush" });
    await inbox.migrate();
    await setFlush(2);
    expect(await inbox.ready()).toEqual({
      ready: true,
      detail: "the database answered; ready_flush in place",
      warnings: [LAX_FLUSH],
    });
    await setFlush(1);
    try {
      expect(await inbox.ready()).toEqual({
        ready: true,
        detail: "the database answered; ready_flush in place",
        warnings: [],
      });
    } finally {
      await setFlush(2);
    }
  });

  it("warns, still ready, when the server runs without the doublewrite buffer", async () => {
    const unprotected = new OwnMariadb({ doublewrite: false });
    let lax: Pool | undefined;
    try {
      await unprotected.start();
      const admin = await createConnection({ uri: unprotected.url() });
      await admin.query("CREATE DATABASE shop");
      await admin.end();
      lax = createPool({ uri: unprotected.url("shop"), connectionLimit: 1 });
      await lax.query("SET GLOBAL innodb_flush_log_at_trx_commit = 1");
      const inbox = mysqlInbox({ pool: lax, table: "ready_doublewrite" });
      await inbox.migrate();
      expect(await inbox.ready()).toEqual({
        ready: true,
        detail: "the database answered; ready_doublewrite in place",
        warnings: [
          "innodb_doublewrite is 0: a crash of the machine in the middle of a page write can leave the table torn and committed notifications unreadable (set innodb_doublewrite = ON, unless the file system writes whole pages atomically)",
        ],
      });
    } finally {
      await lax?.end();
      await unprotected.dispose();
    }
  }, 60_000);

  it("is not ready when the table is on MyISAM, which cannot roll back, and says how to convert it", async () => {
    const inbox = mysqlInbox({ pool, table: "ready_myisam" });
    await inbox.migrate();
    await pool.query("ALTER TABLE ready_myisam ENGINE=MyISAM");
    expect(await inbox.ready()).toEqual({
      ready: false,
      detail:
        "the table ready_myisam is on MyISAM, which cannot roll back: a notification whose onPayment failed would stay recorded and never run again (ALTER TABLE ready_myisam ENGINE=InnoDB)",
      warnings: [LAX_FLUSH],
    });
    await pool.query("ALTER TABLE ready_myisam ENGINE=InnoDB");
    expect(await inbox.ready()).toMatchObject({ ready: true });
  });

  it("looks at the table in the schema it names, not the connection's", async () => {
    const inbox = mysqlInbox({ pool, table: "other.doku_inbox" });
    await inbox.migrate();
    // A MyISAM table of the same name in the connection's own database is not the inbox's.
    await pool.query("CREATE TABLE doku_inbox (id INT) ENGINE=MyISAM");
    expect(await inbox.ready()).toMatchObject({ ready: true, warnings: [LAX_FLUSH] });
    await pool.query("ALTER TABLE other.doku_inbox ENGINE=MyISAM");
    expect(await inbox.ready()).toMatchObject({
      ready: false,
      detail: expect.stringMatching(/^the table other\.doku_inbox is on MyISAM/),
    });
  });

  it("warns that it could not read a variable the server lacks (as TiDB), its transaction still whole", async () => {
    // The dialect's own reads on a real MariaDB, the variable's name swapped for one no server has.
    const connection = await pool.getConnection();
    try {
      await connection.query("CREATE TABLE ready_unreadable (id INT) ENGINE=InnoDB");
      await connection.query("START TRANSACTION");
      const run = async (sql: string, params: readonly unknown[]) => {
        const [rows] = await connection.query(
          sql.replace(/innodb_flush_log_at_trx_commit|innodb_doublewrite/, "express_doku_no_such_variable"),
          [...params],
        );
        return { rows: rows as Record<string, unknown>[], changes: 0 };
      };
      expect(await MYSQL.durability?.(run, "ready_unreadable")).toEqual({
        warnings: [
          "could not read innodb_flush_log_at_trx_commit (Unknown system variable 'express_doku_no_such_variable'): whether a crash can undo notifications already answered 200 is unknown",
          "could not read innodb_doublewrite (Unknown system variable 'express_doku_no_such_variable'): whether a crash can tear committed pages is unknown",
        ],
      });
      // A failed statement does not end a MariaDB transaction: what follows still commits or rolls back as one.
      await connection.query("INSERT INTO ready_unreadable VALUES (1)");
      await connection.query("ROLLBACK");
      const [rows] = await connection.query("SELECT COUNT(*) AS n FROM ready_unreadable");
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      connection.release();
    }
  });

  it("reads the same through Knex on mysql2", async () => {
    const db: Knex = knex({ client: "mysql2", connection: server.url("shop"), pool: { min: 0, max: 1 } });
    try {
      const inbox = knexInbox({ knex: db, table: "ready_knex" });
      await inbox.migrate();
      await db.raw("ALTER TABLE ready_knex ENGINE=MyISAM");
      expect(await inbox.ready()).toMatchObject({
        ready: false,
        detail: expect.stringMatching(/^the table ready_knex is on MyISAM/),
        warnings: [LAX_FLUSH],
      });
    } finally {
      await db.destroy();
    }
  });
});
