import { setTimeout as sleep } from "node:timers/promises";

import Redis from "ioredis";
import request from "supertest";

import { createNotificationRouter, createRedisStore, type RedisStoreEvent } from "../../src";
import { buildNotificationBody, signDokuRequest } from "../../src/testing";
import { appWith } from "../support/http";
import { hasRedisBinary, OwnRedis, STORE_CLIENT_OPTIONS } from "../support/redis-server";
import { describeUnless } from "../support/skips";

// What Redis must be for "at most once" to hold, said and checked: the store reads appendonly
// and maxmemory-policy on first use and warns once when either risks a second run.
const describeOwnRedis = describeUnless(
  hasRedisBinary
    ? undefined
    : "the Redis durability suite was SKIPPED: no redis-server binary (apt-get install redis-server)",
);
const clients = [{ clientId: "MCH-DURABLE", secretKeys: ["SK-DURABLE"] }];

async function eventsFrom(args: string[]): Promise<RedisStoreEvent[]> {
  const redis = new OwnRedis(args);
  await redis.start();
  const client = new Redis(redis.url, STORE_CLIENT_OPTIONS);
  await new Promise((r) => client.once("ready", r));
  const events: RedisStoreEvent[] = [];
  try {
    const store = createRedisStore({ client, prefix: "d:", onEvent: (e) => events.push(e) });
    await store.claim("a", "fp", 1_000);
    await store.claim("b", "fp", 1_000);
    await sleep(100);
    return events;
  } finally {
    client.disconnect();
    await redis.dispose();
  }
}

describeOwnRedis("the Redis store's durability check", () => {
  it("warns once when appendonly is off", async () => {
    const events = await eventsFrom(["--maxmemory-policy", "noeviction"]);
    expect(events).toEqual([
      {
        level: "warn",
        reason: "durability_risk",
        detail:
          "Redis may forget handled notifications, which would then run again: appendonly is no (a restart loses every key: set appendonly yes)",
      },
    ]);
  });

  it("warns when the eviction policy may evict our keys (every key has a TTL: volatile-* first)", async () => {
    const events = await eventsFrom(["--appendonly", "yes", "--maxmemory-policy", "volatile-lru"]);
    expect(events).toEqual([
      {
        level: "warn",
        reason: "durability_risk",
        detail:
          "Redis may forget handled notifications, which would then run again: maxmemory-policy is volatile-lru (keys can be evicted under memory pressure: set noeviction)",
      },
    ]);
  });

  it("says nothing when Redis keeps what it is told", async () => {
    expect(await eventsFrom(["--appendonly", "yes", "--maxmemory-policy", "noeviction"])).toEqual([]);
  });

  it("says once that it could not check when CONFIG is refused (managed Redis)", async () => {
    const events = await eventsFrom(["--rename-command", "CONFIG", ""]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ level: "warn", reason: "durability_unknown" });
    expect(events[0]?.detail).toMatch(
      /^could not check Redis's persistence and eviction policy \(.*unknown command.*\): make sure appendonly is yes and maxmemory-policy is noeviction/i,
    );
  });

  it("with AOF, a Redis killed and restarted mid-run does not run a handled notification again", async () => {
    const redis = new OwnRedis(["--appendonly", "yes", "--appendfsync", "always"]);
    await redis.start();
    let client = new Redis(redis.url, STORE_CLIENT_OPTIONS);
    await new Promise((r) => client.once("ready", r));
    let runs = 0;
    const app = () =>
      appWith(
        createNotificationRouter({
          path: "/n",
          clients,
          store: createRedisStore({ client, prefix: "aof:" }),
          onPayment: () => void runs++,
        }),
      );
    const body = buildNotificationBody({ agentTrxId: "TRX-AOF" });
    const send = (target: ReturnType<typeof app>) => {
      const s = signDokuRequest({ clientId: "MCH-DURABLE", secretKey: "SK-DURABLE", requestTarget: "/n", body });
      return request(target).post("/n").set(s.headers).send(s.body);
    };
    try {
      expect((await send(app())).status).toBe(200);
      await redis.kill();
      client.disconnect();
      await redis.start();
      client = new Redis(redis.url, STORE_CLIENT_OPTIONS);
      await new Promise((r) => client.once("ready", r));
      const again = await send(app());
      expect(again.status).toBe(200);
      expect(runs).toBe(1);
    } finally {
      client.disconnect();
      await redis.dispose();
    }
  }, 20_000);
});
