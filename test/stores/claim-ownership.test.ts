import { randomUUID } from "node:crypto";

import Database from "better-sqlite3";
import Redis from "ioredis";
import { Pool } from "pg";

import { type Answer, createMemoryStore, createRedisStore, type DokuStore } from "../../src";
import { postgresInbox } from "../../src/postgres";
import { sqliteInbox } from "../../src/sqlite";
import { OwnPostgres, postgresUnavailableReason } from "../support/postgres-server";
import { redisUnavailableReason, sharedRedis, STORE_CLIENT_OPTIONS } from "../support/redis-server";

// A claim belongs to its holder: after its lease ran out and another took the key over, the
// old holder's complete, release and renew change nothing. Every store, the same contract:
// memory, Redis, and the inbox's replay store on SQLite and PostgreSQL.
const answer: Answer = { statusCode: 200, headers: {}, body: Buffer.from("done") };

let now = 1_000_000;
let redis: Awaited<ReturnType<typeof sharedRedis>> | undefined;
let client: Redis | undefined;

let postgres: OwnPostgres | undefined;
let pool: Pool | undefined;
const sqlite = new Database(":memory:");

beforeAll(async () => {
  if (!postgresUnavailableReason) {
    postgres = new OwnPostgres();
    await postgres.start();
    pool = new Pool({ connectionString: postgres.url, max: 2 });
    await postgresInbox({ pool }).migrate();
  }
  await sqliteInbox({ db: sqlite }).migrate();
  if (redisUnavailableReason) return;
  redis = await sharedRedis();
  client = new Redis(redis.url, STORE_CLIENT_OPTIONS);
  await new Promise((r) => client?.once("ready", r));
}, 60_000);
afterAll(async () => {
  client?.disconnect();
  await redis?.dispose();
  await pool?.end();
  postgres?.dispose();
  sqlite.close();
});

const fakeTime = async (ms: number) => void (now += ms);

const stores: Array<[string, () => DokuStore, (ms: number) => Promise<void>]> = [
  ["memory", () => createMemoryStore({ now: () => now }), fakeTime],
  ["SQLite replay", () => sqliteInbox({ db: sqlite, now: () => now }).replayStore(), fakeTime],
  ...(postgresUnavailableReason
    ? []
    : [
        ["PostgreSQL replay", () => postgresInbox({ pool: pool as Pool, now: () => now }).replayStore(), fakeTime] as [
          string,
          () => DokuStore,
          (ms: number) => Promise<void>,
        ],
      ]),
  ...(redisUnavailableReason
    ? []
    : [
        [
          "redis",
          () => createRedisStore({ client: client as Redis, prefix: `own:${randomUUID()}:` }),
          (ms: number) => new Promise<void>((r) => setTimeout(r, ms + 20)),
        ] as [string, () => DokuStore, (ms: number) => Promise<void>],
      ]),
];

describe.each(stores)("the %s store", (_name, make, pass) => {
  it("hands each claim a token of its own", async () => {
    const store = make();
    const a = await store.claim("a", "fp", 60_000);
    const b = await store.claim("b", "fp", 60_000);
    expect(a.state === "claimed" && b.state === "claimed" && a.token !== b.token).toBe(true);
  });

  it("a stale holder's release, renew and complete after a takeover change nothing", async () => {
    const store = make();
    const first = await store.claim("k", "fp", 100);
    await pass(150);
    const second = await store.claim("k", "fp", 60_000);
    if (first.state !== "claimed" || second.state !== "claimed") throw new Error("both should have claimed");
    expect(await store.release("k", first.token)).toBe(false);
    expect(await store.renew("k", first.token, 60_000)).toBe(false);
    expect(await store.complete("k", first.token, "fp", answer, 60_000)).toBe(false);
    expect(await store.claim("k", "fp", 60_000)).toEqual({ state: "pending", fingerprint: "fp" });
    expect(await store.complete("k", second.token, "fp", answer, 60_000)).toBe(true);
    expect((await store.claim("k", "fp", 60_000)).state).toBe("completed");
  });

  it("renew keeps a claim past its first lease, and only while held", async () => {
    const store = make();
    const held = await store.claim("r", "fp", 200);
    if (held.state !== "claimed") throw new Error("should have claimed");
    await pass(120);
    expect(await store.renew("r", held.token, 400)).toBe(true);
    await pass(120);
    expect(await store.claim("r", "other", 60_000)).toEqual({ state: "pending", fingerprint: "fp" });
    expect(await store.release("r", held.token)).toBe(true);
    expect(await store.renew("r", held.token, 400)).toBe(false);
    expect((await store.claim("r", "fp", 60_000)).state).toBe("claimed");
  });

  it("a finished answer is never released, renewed or written over", async () => {
    const store = make();
    const held = await store.claim("f", "fp", 60_000);
    if (held.state !== "claimed") throw new Error("should have claimed");
    expect(await store.complete("f", held.token, "fp", answer, 60_000)).toBe(true);
    expect(await store.release("f", held.token)).toBe(false);
    expect(await store.renew("f", held.token, 60_000)).toBe(false);
    expect(await store.complete("f", held.token, "fp", { ...answer, body: Buffer.from("other") }, 60_000)).toBe(false);
    const result = await store.claim("f", "fp", 60_000);
    expect(result.state === "completed" && result.answer.body.toString()).toBe("done");
  });
});
