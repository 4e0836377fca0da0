import { Client, Pool } from "pg";

import { createInquiryHandler } from "../../src/fetch";
import { postgresInbox } from "../../src/postgres";
import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../../src/testing";
import { OwnPostgres, postgresUnavailableReason } from "../support/postgres-server";
import { describeUnless } from "../support/skips";
import { describeInboxBattery, type InboxDatabase, notify } from "./inbox-battery";
import { CLIENT_ID, SECRET, startInboxApp } from "./inbox-process";

// The inbox on a PostgreSQL 15 of the suite's own. Its apps load no Express: the Express 5
// project runs it once.
const describeOnce =
  (globalThis as { EXPRESS_MAJOR?: number }).EXPRESS_MAJOR === 4
    ? describe.skip
    : describeUnless(postgresUnavailableReason);

describeOnce("postgresInbox", () => {
  const server = new OwnPostgres();
  let pool: Pool;
  let databases = 0;
  const database: InboxDatabase = {
    env: {},
    paid: async (invoice) =>
      Number((await pool.query("SELECT count(*) AS n FROM paid_orders WHERE invoice = $1", [invoice])).rows[0].n),
    inboxRows: async () => Number((await pool.query("SELECT count(*) AS n FROM doku_inbox")).rows[0].n),
    async fresh() {
      const name = `fresh_${++databases}`;
      await pool.query(`CREATE DATABASE ${name}`);
      return { ADAPTER: "postgres", DATABASE: server.url.replace(/\/postgres$/, `/${name}`) };
    },
    crash: async () => server.stop("immediate"),
    restart: () => server.start(),
    inbox: (options) => postgresInbox({ pool, table: "doku_inbox_retention", ...options }),
  };
  beforeAll(async () => {
    await server.start();
    database.env = { ADAPTER: "postgres", DATABASE: server.url };
    pool = new Pool({ connectionString: server.url, max: 4 });
    pool.on("error", () => undefined);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    server.dispose();
  });

  describeInboxBattery("PostgreSQL", () => database);

  it("a handler that catches its own failed statement: COMMIT is a ROLLBACK; 503, nothing recorded", async () => {
    const app = await startInboxApp(database.env);
    try {
      const invoice = `INV-SWALLOW-${Date.now()}`;
      const answer = await notify(app, buildNotificationBody({ invoiceNumber: invoice }));
      expect(answer.status).toBe(503);
      expect(await database.paid(invoice)).toBe(0);
    } finally {
      await app.stop();
    }
  });

  it("replayStore(): two inquiry handlers on one database replay each other's answers, the resolver asked once", async () => {
    const inbox = postgresInbox({ pool });
    await inbox.migrate();
    const asked: string[] = [];
    const machine = () =>
      createInquiryHandler({
        clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }],
        store: inbox.replayStore(),
        onEvent: false,
        lookupPaymentCode: (code) => {
          asked.push(code);
          return { status: "success", order: { invoice_number: "INV-R", amount: 5_000 }, customer: { name: "Ani" } };
        },
      });
    const [one, two] = [machine(), machine()];
    const s = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      body: buildInquiryBody(),
    });
    const send = (handler: typeof one) =>
      handler(new Request("http://shop.test/doku/inquiry", { method: "POST", headers: s.headers, body: s.body }));
    const first = await send(one);
    const again = await send(two);
    expect(first.status).toBe(200);
    expect(Buffer.from(await again.arrayBuffer()).equals(Buffer.from(await first.arrayBuffer()))).toBe(true);
    expect(again.headers.get("signature")).toBe(first.headers.get("signature"));
    expect(asked).toHaveLength(1);
    inbox.close();
  });

  it("a duplicate waits on the first's row lock: lock_timeout bounds it, SQLSTATE 55P03 is a 409", async () => {
    const first = new Client({ connectionString: server.url });
    await first.connect();
    try {
      const inbox = postgresInbox({ pool, lockTimeoutMs: 200 });
      await inbox.migrate();
      await first.query("BEGIN");
      await first.query("INSERT INTO doku_inbox (id, fingerprint, created_at) VALUES ('held', 'f', 0)");
      expect(await inbox.record([{ key: "held", fingerprint: "f" }], async () => "ran")).toEqual({ state: "busy" });
      await first.query("COMMIT");
      expect(await inbox.record([{ key: "held", fingerprint: "f" }], async () => "ran")).toMatchObject({
        state: "seen",
        fingerprint: "f",
      });
      inbox.close();
    } finally {
      await first.end();
    }
  });
});
