import { createRedisStore, type RedisLikeClient, type RedisStoreEvent } from "../../src";

// What the Redis store checks of what it is given, and says about a client it cannot ask:
// client shapes other than ioredis's (the suites on real redis-server are in test/redis/).
const claimedEval: RedisLikeClient["eval"] = () => Promise.resolve(null);

const events = () => {
  const seen: RedisStoreEvent[] = [];
  return { seen, onEvent: (e: RedisStoreEvent) => void seen.push(e) };
};
const settle = () => new Promise((r) => setTimeout(r, 20));

describe("creating the Redis store", () => {
  it.each([
    ["no options", undefined],
    ["no client", {}],
    ["a client without eval", { client: {} }],
  ])("refuses %s with a TypeError that names the option", (_name, options) => {
    expect(() => createRedisStore(options as never)).toThrow(
      new TypeError("express-doku: option `client` must be an ioredis client"),
    );
  });

  it.each([
    ["zero", 0, "must be a positive number, got 0"],
    ["NaN", Number.NaN, "must be a positive number, got NaN"],
    [
      "longer than a timer waits (every operation would time out after 1 ms)",
      3_000_000_000,
      "must be at most 2147483647 ms (about 24.8 days, what a timer can wait), got 3000000000",
    ],
  ])("refuses an operationTimeoutMs of %s", (_name, operationTimeoutMs, said) => {
    expect(() => createRedisStore({ client: { eval: claimedEval }, operationTimeoutMs })).toThrow(
      new TypeError(`express-doku: option \`operationTimeoutMs\` ${said}`),
    );
  });

  it("refuses an onEvent that is not a function", () => {
    expect(() => createRedisStore({ client: { eval: claimedEval }, onEvent: 5 as never })).toThrow(
      new TypeError("express-doku: option `onEvent` must be a function"),
    );
  });
});

describe("the durability check on first use", () => {
  it("asks nothing of Redis when nobody listens", async () => {
    let calls = 0;
    const store = createRedisStore({ client: { eval: claimedEval, call: () => Promise.resolve(calls++) } });
    await store.claim("k", "fp", 1_000);
    await settle();
    expect(calls).toBe(0);
  });

  it("says it could not check with a client that has no call method, and still claims", async () => {
    const { seen, onEvent } = events();
    const store = createRedisStore({ client: { eval: claimedEval }, onEvent });
    expect(await store.claim("k", "fp", 1_000)).toMatchObject({ state: "claimed" });
    await settle();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ level: "warn", reason: "durability_unknown" });
    expect(seen[0]?.detail).toMatch(
      /^could not check Redis's persistence and eviction policy \(the client has no call method\)/,
    );
  });

  it("names a setting CONFIG GET gave no value for as unknown", async () => {
    const { seen, onEvent } = events();
    const store = createRedisStore({
      client: { eval: claimedEval, call: (_c, _g, name) => Promise.resolve([name]) },
      onEvent,
    });
    await store.claim("k", "fp", 1_000);
    await settle();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.reason).toBe("durability_risk");
    expect(seen[0]?.detail).toMatch(/^Redis may forget handled notifications, which would then run again: /);
    expect(seen[0]?.detail).toContain("appendonly is unknown");
    expect(seen[0]?.detail).toContain("maxmemory-policy is unknown");
  });

  it("checks once, however many claims follow", async () => {
    let calls = 0;
    const { seen, onEvent } = events();
    const reply = (name: string | number) =>
      name === "appendonly" ? ["appendonly", "yes"] : ["maxmemory-policy", "noeviction"];
    const store = createRedisStore({
      client: {
        eval: claimedEval,
        call: (_c, _g, name) => Promise.resolve(reply(name as string)).finally(() => calls++),
      },
      onEvent,
    });
    for (let i = 0; i < 3; i++) await store.claim(`k${i}`, "fp", 1_000);
    await settle();
    expect(calls).toBe(2);
    expect(seen).toEqual([]);
  });
});

describe("a client that throws where it should reject", () => {
  const boom = new Error("client is closed");
  const throws = () => {
    throw boom;
  };

  it.each([
    ["eval", { eval: throws }],
    ["evalsha", { eval: claimedEval, evalsha: throws }],
    ["eval after NOSCRIPT", { eval: throws, evalsha: () => Promise.reject(new Error("NOSCRIPT No matching script")) }],
  ])("fails the operation with its error at once, its time limit cleared (%s)", async (_name, client) => {
    jest.useFakeTimers({ doNotFake: ["nextTick", "queueMicrotask"] });
    try {
      const store = createRedisStore({ client, operationTimeoutMs: 60_000 });
      await expect(store.claim("k", "fp", 1_000)).rejects.toBe(boom);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("tokens", () => {
  it("are distinct for every claim, and between two stores", async () => {
    const one = createRedisStore({ client: { eval: claimedEval } });
    const two = createRedisStore({ client: { eval: claimedEval } });
    const tokens = new Set<string>();
    for (const store of [one, two, one, two]) {
      for (let i = 0; i < 50; i++) {
        const claim = await store.claim("k", "fp", 1_000);
        if (claim.state === "claimed") tokens.add(claim.token);
      }
    }
    expect(tokens.size).toBe(200);
  });
});
