import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Redis, { type RedisOptions } from "ioredis";

/** Client settings the README recommends: a command fails at once instead of running late. */
export const STORE_CLIENT_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  enableAutoPipelining: true,
  retryStrategy: () => 100,
};

export const hasRedisBinary = spawnSync("redis-server", ["--version"]).status === 0;
export const redisUnavailableReason =
  hasRedisBinary || process.env.REDIS_URL
    ? undefined
    : "the Redis suite was SKIPPED: no REDIS_URL and no redis-server binary (apt-get install redis-server, or set REDIS_URL)";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** A redis-server of the test's own, on a loopback port, with a data dir that survives restarts. */
export class OwnRedis {
  #process: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), "express-doku-redis-"));
  port = 0;

  /** `args`: more redis-server settings, e.g. ["--appendonly", "yes"]; they override the defaults. */
  constructor(readonly args: string[] = []) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    this.#process = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        "--save",
        "",
        "--appendonly",
        "no",
        ...this.args,
      ],
      { stdio: "ignore" },
    );
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error("redis-server did not start");
  }

  /** Kills it without a save (kill -9): only what AOF already wrote survives. */
  async kill(): Promise<void> {
    const proc = this.#process;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGKILL");
    await exited;
  }

  /** Stops after saving, so a restart finds the same keys. */
  async stop(): Promise<void> {
    const proc = this.#process;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    const admin = new Redis(this.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    await admin.call("SHUTDOWN", "SAVE").catch(() => undefined);
    admin.disconnect();
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** REDIS_URL when CI gives one; otherwise a server of our own. */
export async function sharedRedis(): Promise<{ url: string; dispose(): Promise<void> }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, dispose: async () => undefined };
  const own = new OwnRedis();
  await own.start();
  return { url: own.url, dispose: () => own.dispose() };
}
