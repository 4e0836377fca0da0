import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Client, Pool } from "pg";

import { freePort } from "./redis-server";

// Debian's PostgreSQL 15 (apt-get install postgresql-15): its binaries are not on PATH.
const BIN = ["/usr/lib/postgresql/15/bin"].find((dir) => existsSync(join(dir, "pg_ctl")));
const runningAsRoot = process.getuid?.() === 0;

export const postgresUnavailableReason =
  BIN === undefined && !process.env.POSTGRES_URL
    ? "the PostgreSQL suite was SKIPPED: no POSTGRES_URL and no /usr/lib/postgresql/15/bin (apt-get install postgresql-15)"
    : undefined;

/** Runs a PostgreSQL binary as an unprivileged user: `postgres` when the tests run as root. */
function asServerUser(command: string, args: string[]): void {
  const [file, argv] = runningAsRoot
    ? ["runuser", ["-u", "postgres", "--", join(BIN as string, command), ...args]]
    : [join(BIN as string, command), args];
  const result = spawnSync(file, argv, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
}

/**
 * A PostgreSQL 15 of the test's own: a temporary data directory, a loopback port, trust for local
 * users, and `fsync=off` for speed unless `fsync` is true.
 */
export class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), "express-doku-postgres-"));
  port = 0;

  constructor(private readonly options: { fsync?: boolean } = {}) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const data = join(this.dir, "data");
    if (this.port === 0) {
      this.port = await freePort();
      if (runningAsRoot) chownSync(this.dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), 0);
      asServerUser("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
    }
    const settings = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=${this.options.fsync === true ? "on" : "off"} -c max_connections=200`;
    asServerUser("pg_ctl", ["start", "-D", data, "-w", "-s", "-l", join(this.dir, "log"), "-o", settings]);
    for (let i = 0; i < 100; i++) {
      const probe = new Client({ connectionString: this.url });
      try {
        await probe.connect();
        await probe.end();
        return;
      } catch {
        await probe.end().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error("postgres did not start");
  }

  /** `immediate`: as a crash (no checkpoint; every connection cut). */
  stop(mode: "fast" | "immediate" = "fast"): void {
    asServerUser("pg_ctl", ["stop", "-D", join(this.dir, "data"), "-m", mode, "-w", "-s"]);
  }

  dispose(): void {
    try {
      this.stop("immediate");
    } catch {
      // Already stopped.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A PostgreSQL of the suite's own and a pool on it: started in the suite's `beforeAll`, ended and
 * removed in its `afterAll`. Call inside a `describe`.
 */
export function postgresForSuite(options: { fsync?: boolean; max?: number } = {}): {
  server: OwnPostgres;
  pool(): Pool;
} {
  const server = new OwnPostgres({ fsync: options.fsync });
  let pool: Pool | undefined;
  beforeAll(async () => {
    await server.start();
    pool = new Pool({ connectionString: server.url, max: options.max ?? 4 });
    // A connection the server cuts (a test stopping it) is an answer to the test, not a crash.
    pool.on("error", () => undefined);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    server.dispose();
  });
  return {
    server,
    pool: () => {
      if (pool === undefined) throw new Error("postgresForSuite: the pool exists once beforeAll ran");
      return pool;
    },
  };
}

/** A database of its own for one suite, on POSTGRES_URL when CI gives one, else on a server of our own. */
export async function ownDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
  let own: OwnPostgres | undefined;
  let base = process.env.POSTGRES_URL;
  if (base === undefined) {
    own = new OwnPostgres();
    await own.start();
    base = own.url;
  }
  const name = `doku_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dispose: async () => {
      if (own !== undefined) return own.dispose();
      const cleanup = new Client({ connectionString: base });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
