import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { freePort } from "./redis-server";

const hasCli =
  spawnSync("redis-cli", ["--version"]).status === 0 && spawnSync("redis-server", ["--version"]).status === 0;
export const clusterUnavailableReason = hasCli
  ? undefined
  : "the Redis Cluster suite was SKIPPED: no redis-server and redis-cli (apt-get install redis-server)";

/** Three local masters made one cluster with `redis-cli --cluster create`. */
export class LocalCluster {
  readonly dir = mkdtempSync(join(tmpdir(), "express-doku-cluster-"));
  readonly ports: number[] = [];
  readonly #processes: ChildProcess[] = [];

  get nodes(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(",");
  }

  async start(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      this.ports.push(port);
      this.#processes.push(
        spawn(
          "redis-server",
          [
            "--port",
            String(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            this.dir,
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            `nodes-${port}.conf`,
            "--save",
            "",
            "--appendonly",
            "no",
          ],
          { stdio: "ignore" },
        ),
      );
    }
    for (const port of this.ports)
      await this.#until(
        () => spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout.trim() === "PONG",
      );
    const created = spawnSync(
      "redis-cli",
      ["--cluster", "create", ...this.ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "0", "--cluster-yes"],
      { encoding: "utf8", timeout: 30_000 },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (const port of this.ports)
      await this.#until(() =>
        spawnSync("redis-cli", ["-p", String(port), "cluster", "info"], { encoding: "utf8" }).stdout.includes(
          "cluster_state:ok",
        ),
      );
  }

  async #until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (check()) return;
      await sleep(50);
    }
    throw new Error("the local Redis Cluster did not come up");
  }

  async dispose(): Promise<void> {
    await Promise.all(
      this.#processes.map(
        (p) =>
          new Promise<void>((done) => {
            if (p.exitCode !== null) return done();
            p.once("exit", () => done());
            p.kill("SIGKILL");
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
