import { randomUUID } from "node:crypto";

import { Pool } from "pg";

import { buildNotificationBody } from "../../src/testing";
import { OwnPostgres, postgresUnavailableReason } from "../support/postgres-server";
import { redisUnavailableReason, sharedRedis } from "../support/redis-server";
import { describeOnceUnless } from "../support/skips";
import { notify } from "./inbox-battery";
import { type InboxApp, startInboxApp } from "./inbox-process";

// The window the inbox closes. With a store, the merchant's commit and the store's record are two
// steps: a process killed between them leaves the payment unrecorded, and once the lease runs out
// DOKU's retry runs onPayment again. With the inbox they are one commit.
const describeOnce = describeOnceUnless(postgresUnavailableReason ?? redisUnavailableReason);

describeOnce("killed right after the merchant's commit", () => {
  const server = new OwnPostgres();
  let redis: Awaited<ReturnType<typeof sharedRedis>>;
  let pool: Pool;
  const apps: InboxApp[] = [];
  const paid = async (invoice: string) =>
    Number((await pool.query("SELECT count(*) AS n FROM paid_orders WHERE invoice = $1", [invoice])).rows[0].n);
  const start = async (env: Record<string, string>) => {
    const app = await startInboxApp(env);
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    await server.start();
    redis = await sharedRedis();
    pool = new Pool({ connectionString: server.url, max: 2 });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await pool?.end();
    await redis?.dispose();
    server.dispose();
  });

  it("a store: the retry after the lease runs onPayment a second time (the order is paid twice)", async () => {
    const env = {
      ADAPTER: "postgres-redis-store",
      DATABASE: server.url,
      REDIS_URL: redis.url,
      PREFIX: `${randomUUID()}:`,
    };
    const doomed = await start({ ...env, HANG: "yes" });
    const other = await start(env);
    const invoice = `INV-HANG-${randomUUID()}`;
    const body = buildNotificationBody({ invoiceNumber: invoice });
    const cut = notify(doomed, body).catch(() => "cut");
    while ((await paid(invoice)) === 0) await new Promise((r) => setTimeout(r, 20));
    await doomed.kill();
    expect(await cut).toBe("cut");
    // Its claim outlives it until the lease (3 s here) runs out: 409 meanwhile, then the retry runs it.
    let status = 409;
    while (status === 409) {
      status = (await notify(other, body)).status;
      if (status === 409) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect(await paid(invoice)).toBe(2);
  }, 30_000);

  it("the inbox: the retry finds nothing committed and runs it once (the order is paid once)", async () => {
    const env = { ADAPTER: "postgres", DATABASE: server.url };
    const doomed = await start({ ...env, HANG: "yes" });
    const other = await start(env);
    const invoice = `INV-HANG-${randomUUID()}`;
    const body = buildNotificationBody({ invoiceNumber: invoice });
    const cut = notify(doomed, body).catch(() => "cut");
    await new Promise((r) => setTimeout(r, 500));
    await doomed.kill();
    expect(await cut).toBe("cut");
    expect((await notify(other, body)).status).toBe(200);
    expect((await notify(other, body)).status).toBe(200);
    expect(await paid(invoice)).toBe(1);
  }, 30_000);
});
