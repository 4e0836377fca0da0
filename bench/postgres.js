"use strict";
// The PostgreSQL the bench's inbox case runs on: BENCH_POSTGRES_URL (used as it is), or a
// PostgreSQL 15 of its own (Debian's binaries, as CI installs them) in a temporary directory on a
// loopback port, run as the unprivileged `postgres` user when the bench runs as root. fsync is off:
// commits do not wait on this machine's disk, so the figure is the package's and the database's
// work. Plain JS on purpose, as bench/redis.js: it cannot use test/support/postgres-server.ts.
const { execFileSync, spawnSync } = require("node:child_process");
const { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { Client } = require("pg");
const { freePort } = require("./free-port");
const { BENCH_TABLES } = require("./fixtures");
const { treeCpuUs } = require("./proc-stats");

const BIN = "/usr/lib/postgresql/15/bin";
const runningAsRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary, as `postgres` when we are root (initdb and postgres refuse to run as root). */
function asServerUser(command, args) {
  const [file, argv] = runningAsRoot
    ? ["runuser", ["-u", "postgres", "--", join(BIN, command), ...args]]
    : [join(BIN, command), args];
  const result = spawnSync(file, argv, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
}

async function connect(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
}

// The bench's own tables, emptied before each round as the Redis cases' Redis is: each round
// starts from the same table size. The servers create them; before that there is nothing to empty.
const flusher = (client) => () =>
  client.query(
    `DO $$ BEGIN IF to_regclass('${BENCH_TABLES.inbox}') IS NOT NULL THEN TRUNCATE ${BENCH_TABLES.inbox}, ${BENCH_TABLES.paid}; END IF; END $$`,
  );

/** `{ name, env, flush(), cpuUs()?, stop() }`, or `{ skipped: reason }` when there is no PostgreSQL to run on. */
async function startPostgres() {
  if (process.env.BENCH_POSTGRES_URL) {
    const url = process.env.BENCH_POSTGRES_URL;
    const client = await connect(url);
    return {
      name: "PostgreSQL",
      url,
      env: { BENCH_POSTGRES_URL: url },
      flush: flusher(client),
      stop: () => client.end(),
    };
  }
  if (!existsSync(join(BIN, "pg_ctl"))) {
    return {
      skipped: `no ${BIN} and no BENCH_POSTGRES_URL (apt-get install postgresql-15): the PostgreSQL inbox case is SKIPPED`,
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "express-doku-bench-postgres-"));
  const data = join(dir, "data");
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stopServer = () => {
    try {
      asServerUser("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w", "-s"]);
    } catch {
      // Never started, or already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (runningAsRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), 0);
    asServerUser("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    asServerUser("pg_ctl", ["start", "-D", data, "-w", "-s", "-l", join(dir, "log"), "-o", settings]);
    const client = await connect(url);
    // postmaster.pid's first line: the server process, parent of every backend.
    const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    return {
      name: "PostgreSQL",
      url,
      env: { BENCH_POSTGRES_URL: url },
      flush: flusher(client),
      cpuUs: () => treeCpuUs(pid),
      async stop() {
        await client.end().catch(() => {});
        stopServer();
      },
    };
  } catch (error) {
    stopServer();
    return { skipped: `PostgreSQL did not start (${error.message.trim()}): the PostgreSQL inbox case is SKIPPED` };
  }
}

module.exports = { startPostgres };
