import Redis from "ioredis";

import { createRedisStore, type RedisLikeClient } from "../../src";
import { hasRedisBinary, OwnRedis, STORE_CLIENT_OPTIONS } from "../support/redis-server";
import { describeUnless } from "../support/skips";

// ready() on a redis-server of the test's own: PING answered or not, and the durability check
// the store makes on first use, as warnings.
const describeOwnRedis = describeUnless(
  hasRedisBinary
    ? undefined
    : "the Redis readiness suite was SKIPPED: no redis-server binary (apt-get install redis-server)",
);

async function connected(redis: OwnRedis): Promise<Redis> {
  const client = new Redis(redis.url, STORE_CLIENT_OPTIONS);
  client.on("error", () => undefined);
  await new Promise((r) => client.once("ready", r));
  return client;
}

describeOwnRedis("the Redis store's ready()", () => {
  it("is ready without warnings on a Redis with AOF and noeviction", async () => {
    const redis = new OwnRedis(["--appendonly", "yes", "--maxmemory-policy", "noeviction"]);
    await redis.start();
    const client = await connected(redis);
    try {
      expect(await createRedisStore({ client }).ready()).toEqual({
        ready: true,
        detail: "Redis answered PING",
        warnings: [],
      });
    } finally {
      client.disconnect();
      await redis.dispose();
    }
  });

  it("is ready with the durability warning when appendonly is no", async () => {
    const redis = new OwnRedis(["--maxmemory-policy", "noeviction"]);
    await redis.start();
    const client = await connected(redis);
    try {
      expect(await createRedisStore({ client }).ready()).toEqual({
        ready: true,
        detail: "Redis answered PING",
        warnings: [
          "Redis may forget handled notifications, which would then run again: appendonly is no (a restart loses every key: set appendonly yes)",
        ],
      });
    } finally {
      client.disconnect();
      await redis.dispose();
    }
  });

  it("warns that it could not check where CONFIG is refused, and is still ready", async () => {
    const redis = new OwnRedis(["--rename-command", "CONFIG", ""]);
    await redis.start();
    const client = await connected(redis);
    try {
      const readiness = await createRedisStore({ client }).ready();
      expect(readiness.ready).toBe(true);
      expect(readiness.warnings).toHaveLength(1);
      expect(readiness.warnings[0]).toMatch(
        /^could not check Redis's persistence and eviction policy \(.*unknown command/i,
      );
    } finally {
      client.disconnect();
      await redis.dispose();
    }
  });

  it("is not ready once the Redis is stopped, and ready again when it is back", async () => {
    const redis = new OwnRedis(["--appendonly", "yes", "--maxmemory-policy", "noeviction"]);
    await redis.start();
    const client = await connected(redis);
    const store = createRedisStore({ client });
    try {
      await redis.stop();
      const down = await store.ready({ timeoutMs: 500 });
      expect(down.ready).toBe(false);
      expect(down.detail).toMatch(/^Redis did not answer PING: |^Redis did not answer within 500 ms$/);
      expect(down.warnings).toEqual([]);
      await redis.start();
      // The client reconnects on its own schedule (it may already have, before a listener could see it).
      let back = await store.ready();
      for (let i = 0; !back.ready && i < 100; i++) {
        await new Promise((r) => setTimeout(r, 100));
        back = await store.ready();
      }
      expect(back.ready).toBe(true);
    } finally {
      client.disconnect();
      await redis.dispose();
    }
  }, 20_000);
});

describe("the Redis store's ready() with clients that fail in their own ways", () => {
  const eval_: RedisLikeClient["eval"] = () => Promise.resolve(null);

  it("is not ready, within the time given, when Redis never answers", async () => {
    const store = createRedisStore({ client: { eval: eval_, call: () => new Promise(() => undefined) } });
    expect(await store.ready({ timeoutMs: 50 })).toEqual({
      ready: false,
      detail: "Redis did not answer within 50 ms",
      warnings: [],
    });
  });

  it("never rejects: a client that throws where it should reject is not ready", async () => {
    const store = createRedisStore({
      client: {
        eval: eval_,
        call: () => {
          throw new Error("boom");
        },
      },
    });
    expect(await store.ready()).toEqual({ ready: false, detail: "Redis did not answer PING: boom", warnings: [] });
  });

  it("pings with a script when the client has no call method, and says it could not check", async () => {
    const scripts: string[] = [];
    const store = createRedisStore({
      client: {
        eval: (script) => {
          scripts.push(script);
          return Promise.resolve("PONG");
        },
      },
    });
    const readiness = await store.ready();
    expect(scripts).toEqual(["return redis.call('PING')"]);
    expect(readiness.ready).toBe(true);
    expect(readiness.warnings[0]).toMatch(/^could not check .*\(the client has no call method\)/);
  });

  it("refuses a timeoutMs that is not a positive number, as not ready", async () => {
    const store = createRedisStore({ client: { eval: eval_ } });
    expect(await store.ready({ timeoutMs: -1 })).toEqual({
      ready: false,
      detail: "express-doku: option `timeoutMs` must be a positive number, got -1",
      warnings: [],
    });
  });
});
