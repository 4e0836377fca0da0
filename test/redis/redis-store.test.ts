import { randomUUID } from "node:crypto";

import Redis from "ioredis";
import request from "supertest";

import { type Answer, createInquiryRouter, createNotificationRouter, createRedisStore } from "../../src";
import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../../src/testing";
import { appWith, eventLog, listen } from "../support/http";
import {
  hasRedisBinary,
  OwnRedis,
  redisUnavailableReason,
  sharedRedis,
  STORE_CLIENT_OPTIONS,
} from "../support/redis-server";
import { describeUnless } from "../support/skips";
import { asHolder } from "../support/store-holder";

const describeRedis = describeUnless(redisUnavailableReason);
const describeOwnRedis = describeUnless(
  hasRedisBinary
    ? undefined
    : "the Redis suite that starts its own redis-server was SKIPPED: no redis-server binary (apt-get install redis-server)",
);

const CLIENT_ID = "MCH-REDIS";
const SECRET = "SK-REDIS-TEST";
const clients = [{ clientId: CLIENT_ID, secretKeys: [SECRET] }];
const answer: Answer = {
  statusCode: 200,
  headers: { "Content-Type": "application/json" },
  body: Buffer.from('{"ok":"é"}'),
};

describeRedis("the Redis store", () => {
  let redis: Awaited<ReturnType<typeof sharedRedis>>;
  let client: Redis;
  let prefix: string;

  beforeAll(async () => {
    redis = await sharedRedis();
    client = new Redis(redis.url, STORE_CLIENT_OPTIONS);
    await new Promise((r) => client.once("ready", r));
  });
  afterAll(async () => {
    client.disconnect();
    await redis.dispose();
  });
  beforeEach(() => {
    prefix = `test:${randomUUID()}:`;
  });

  it("claims once, reports pending, then completed with the exact answer", async () => {
    const store = asHolder(createRedisStore({ client, prefix }));
    expect(await store.claim("k", "fp", 10_000)).toMatchObject({ state: "claimed" });
    expect(await store.claim("k", "other", 10_000)).toEqual({ state: "pending", fingerprint: "fp" });
    await store.complete("k", "fp", answer, 60_000);
    const done = await store.claim("k", "fp", 10_000);
    expect(done).toMatchObject({ state: "completed", fingerprint: "fp" });
    expect(done.state === "completed" && done.answer.body.equals(answer.body)).toBe(true);
    expect(done.state === "completed" && done.answer).toMatchObject({ statusCode: 200, headers: answer.headers });
  });

  it("keys live under express-doku: unless told otherwise", async () => {
    const store = createRedisStore({ client });
    const key = `default-prefix:${randomUUID()}`;
    await store.claim(key, "fp", 10_000);
    expect(await client.exists(`express-doku:${key}`)).toBe(1);
    await client.del(`express-doku:${key}`);
  });

  it("releases a claim at work but never a finished answer", async () => {
    const store = asHolder(createRedisStore({ client, prefix }));
    await store.claim("a", "fp", 10_000);
    await store.release("a");
    expect(await store.claim("a", "fp", 10_000)).toMatchObject({ state: "claimed" });
    await store.complete("a", "fp", answer, 60_000);
    await store.release("a");
    expect((await store.claim("a", "fp", 10_000)).state).toBe("completed");
  });

  it("sets an expiry on every key it writes", async () => {
    const store = createRedisStore({ client, prefix });
    const app = appWith(
      createInquiryRouter({ path: "/i", clients, store, lookupPaymentCode: () => ({ status: "billing_not_found" }) }),
      createNotificationRouter({ path: "/n", clients, store, onPayment: () => {} }),
    );
    const i = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/i",
      body: buildInquiryBody(),
    });
    await request(app).post("/i").set(i.headers).send(i.body.toString()).expect(404);
    const n = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/n",
      body: buildNotificationBody(),
    });
    await request(app).post("/n").set(n.headers).send(n.body.toString()).expect(200);
    await store.claim("lease-only", "fp", 5_000);
    const keys = await client.keys(`${prefix}*`);
    expect(keys).toHaveLength(4); // inquiry Request-Id, notification Request-Id and payment, the lease
    for (const key of keys) {
      const ttl = await client.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      if (key.includes("inquiry:")) expect(ttl).toBeLessThanOrEqual(600_000);
      if (key.includes("notification:")) expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600_000);
      if (key.endsWith("lease-only")) expect(ttl).toBeLessThanOrEqual(5_000);
    }
  });

  it("refuses a client that is not one", () => {
    expect(() => createRedisStore({ client: {} as never })).toThrow(/`client`/);
  });
});

// A Redis of its own: its tests stop it and flush its scripts, which a shared one would race with other suites on.
describeOwnRedis("the Redis store on a Redis of its own", () => {
  const own = new OwnRedis();
  let client: Redis;

  beforeAll(async () => {
    await own.start();
    client = new Redis(own.url, STORE_CLIENT_OPTIONS);
    await new Promise((r) => client.once("ready", r));
  });
  afterAll(async () => {
    client.disconnect();
    await own.dispose();
  });

  it("runs its scripts by SHA-1, and sends one again when Redis no longer holds it", async () => {
    const sent: string[] = [];
    const counted = {
      eval: (...args: Parameters<Redis["eval"]>) => (sent.push("EVAL"), client.eval(...args)),
      evalsha: (...args: Parameters<Redis["evalsha"]>) => (sent.push("EVALSHA"), client.evalsha(...args)),
    };
    const store = asHolder(createRedisStore({ client: counted }));
    await client.script("FLUSH");
    expect(await store.claim("sha", "fp", 10_000)).toMatchObject({ state: "claimed" });
    expect(await store.claim("sha", "fp", 10_000)).toEqual({ state: "pending", fingerprint: "fp" });
    expect(sent).toEqual(["EVALSHA", "EVAL", "EVALSHA"]);
  });
  it("answers 503 while down, correctly after, and never runs a payment twice", async () => {
    const paid: string[] = [];
    const log = eventLog();
    const store = createRedisStore({ client, prefix: "restart:" });
    const server = await listen(
      appWith(
        createNotificationRouter({
          path: "/n",
          clients,
          store,
          onPayment: (n) => {
            paid.push(n.order.invoice_number);
          },
          onEvent: log.onEvent,
        }),
        createInquiryRouter({
          path: "/i",
          clients,
          store,
          onEvent: log.onEvent,
          lookupPaymentCode: () => ({ status: "billing_not_found" }),
        }),
      ),
    );
    const notify = (invoice: string, requestId: string = randomUUID()) => {
      const s = signDokuRequest({
        clientId: CLIENT_ID,
        secretKey: SECRET,
        requestTarget: "/n",
        requestId,
        body: buildNotificationBody({ invoiceNumber: invoice, agentTrxId: `TRX-${invoice}` }),
      });
      return request(server.server)
        .post("/n")
        .set(s.headers)
        .send(s.body.toString())
        .then((r) => r.status);
    };
    const inquire = () => {
      const s = signDokuRequest({
        clientId: CLIENT_ID,
        secretKey: SECRET,
        requestTarget: "/i",
        body: buildInquiryBody(),
      });
      return request(server.server)
        .post("/i")
        .set(s.headers)
        .send(s.body.toString())
        .then((r) => r.status);
    };
    try {
      expect(await notify("A")).toBe(200);

      await own.stop();
      expect(await notify("B")).toBe(503);
      expect(await notify("A")).toBe(503);
      expect(log.last()).toMatchObject({ reason: "store_unavailable", level: "error" });
      expect(await inquire()).toBe(404); // the till still gets its answer
      expect(log.last()).toMatchObject({ router: "inquiry", level: "error" });

      await own.start();
      let status = 503;
      for (let i = 0; i < 100 && status === 503; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = await notify("B", "B-after-restart");
      }
      expect(status).toBe(200);
      expect(await notify("A")).toBe(200);
      expect(await inquire()).toBe(404);
      expect(paid).toEqual(["A", "B"]);
    } finally {
      await server.close();
    }
  }, 30_000);

  // On a server of its own: a pause would stall every suite sharing one.
  it("gives up on an operation Redis does not answer within operationTimeoutMs", async () => {
    const store = createRedisStore({ client, operationTimeoutMs: 100 });
    const paused = new Redis(own.url);
    await paused.call("CLIENT", "PAUSE", "600", "ALL");
    try {
      await expect(store.claim("k", "fp", 10_000)).rejects.toThrow("Redis did not answer within 100 ms");
    } finally {
      await new Promise((r) => setTimeout(r, 650));
      paused.disconnect();
    }
  });
});
