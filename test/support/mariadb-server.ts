import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createConnection } from "mysql2/promise";

import { freePort } from "./redis-server";

// Debian's MariaDB 10.11 (apt-get install mariadb-server).
const MARIADBD = "/usr/sbin/mariadbd";
const INSTALL_DB = "/usr/bin/mariadb-install-db";
const runningAsRoot = process.getuid?.() === 0;

export const mariadbUnavailableReason =
  existsSync(MARIADBD) && existsSync(INSTALL_DB)
    ? undefined
    : `the MariaDB suite was SKIPPED: no ${MARIADBD} or ${INSTALL_DB} (apt-get install mariadb-server)`;

/**
 * A MariaDB of the test's own: a temporary data directory, a loopback port, `root` without a
 * password over TCP. Run by the unprivileged `mysql` user when the tests run as root. Its settings
 * trade durability against a power cut for speed; a killed server loses nothing it committed
 * (the redo log is written to the OS at each commit, flushed once a second).
 */
export class OwnMariadb {
  readonly dir = mkdtempSync(join(tmpdir(), "express-doku-mariadb-"));
  port = 0;
  #server: ChildProcess | undefined;

  /** `doublewrite`: InnoDB's doublewrite buffer on (off by default, for speed). */
  constructor(private readonly options: { doublewrite?: boolean } = {}) {}

  /** A URL for mysql2 (`uri`), on `database` when given. */
  url(database = ""): string {
    return `mysql://root@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const data = join(this.dir, "data");
    const asUser = runningAsRoot ? ["--user=mysql"] : [];
    if (this.port === 0) {
      this.port = await freePort();
      if (runningAsRoot) chownSync(this.dir, Number(execFileSync("id", ["-u", "mysql"]).toString()), 0);
      const installed = spawnSync(
        INSTALL_DB,
        [
          "--no-defaults",
          `--datadir=${data}`,
          ...asUser,
          "--auth-root-authentication-method=normal",
          "--skip-test-db",
          "--skip-name-resolve",
        ],
        { encoding: "utf8" },
      );
      if (installed.status !== 0) throw new Error(`mariadb-install-db failed: ${installed.stderr || installed.stdout}`);
    }
    const server = spawn(
      MARIADBD,
      [
        "--no-defaults",
        `--datadir=${data}`,
        ...asUser,
        `--port=${this.port}`,
        "--bind-address=127.0.0.1",
        `--socket=${join(this.dir, "mysqld.sock")}`,
        `--pid-file=${join(this.dir, "mysqld.pid")}`,
        `--log-error=${join(this.dir, "error.log")}`,
        "--skip-name-resolve",
        "--character-set-server=utf8mb4",
        "--max-connections=300",
        "--performance-schema=OFF",
        "--innodb-buffer-pool-size=64M",
        "--innodb-flush-log-at-trx-commit=2",
        `--innodb-doublewrite=${this.options.doublewrite === true ? 1 : 0}`,
      ],
      { stdio: "ignore" },
    );
    this.#server = server;
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      if (server.exitCode !== null) break;
      try {
        const probe = await createConnection({ uri: this.url(), connectTimeout: 1000 });
        await probe.end();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`mariadbd did not start; see ${join(this.dir, "error.log")}`);
  }

  /** `crash`: kill -9, every connection cut, InnoDB recovers at the next start. */
  async stop(mode: "clean" | "crash" = "clean"): Promise<void> {
    const server = this.#server;
    if (server === undefined || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((r) => server.once("exit", r));
    server.kill(mode === "crash" ? "SIGKILL" : "SIGTERM");
    await exited;
  }

  /** The same port and data directory. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop("crash");
    rmSync(this.dir, { recursive: true, force: true });
  }
}
