"use strict";
// The Redis the bench's Redis cases run on: BENCH_REDIS_URL (never flushed), or a redis-server
// of its own on a loopback port, persisting as the README asks of production (AOF, fsync every
// second), flushed before each round. Plain JS on purpose: the bench runs without ts-node, so it
// cannot use test/support/redis-server.ts's OwnRedis.
const { spawn, spawnSync } = require("node:child_process");
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const Redis = require("ioredis");
const { freePort } = require("./free-port");
const { processStats } = require("./proc-stats");

async function ping(url) {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  // A refused connection while redis-server starts rejects connect(): not also an "Unhandled error event".
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    client.disconnect();
    throw error;
  }
}

/** `{ name, url, env, flush(), cpuUs()?, stop() }`, or `{ skipped: reason }` when there is no Redis to run on. */
async function startRedis() {
  if (process.env.BENCH_REDIS_URL) {
    const client = await ping(process.env.BENCH_REDIS_URL);
    // Someone else's Redis: used as it is, never flushed.
    const url = process.env.BENCH_REDIS_URL;
    return {
      name: "Redis",
      url,
      env: { BENCH_REDIS_URL: url },
      flush: async () => {},
      stop: async () => client.disconnect(),
    };
  }
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    return {
      skipped:
        "no redis-server on PATH and no BENCH_REDIS_URL (apt-get install redis-server): the Redis cases are SKIPPED",
    };
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "express-doku-bench-redis-"));
  const child = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "yes",
      "--appendfsync",
      "everysec",
      "--maxmemory-policy",
      "noeviction",
    ],
    { stdio: "ignore" },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const client = await ping(url);
      return {
        name: "Redis",
        url,
        env: { BENCH_REDIS_URL: url },
        flush: () => client.flushall(),
        cpuUs: () => processStats(child.pid).cpuUs,
        async stop() {
          client.disconnect();
          child.kill("SIGKILL");
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill("SIGKILL");
  return { skipped: "redis-server did not start: the Redis cases are SKIPPED" };
}

module.exports = { startRedis };
