import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import Redis from "ioredis";

import { type Answer, createRedisStore } from "../../src";
import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../../src/testing";
import { clusterUnavailableReason, LocalCluster } from "../support/redis-cluster";
import { STORE_CLIENT_OPTIONS } from "../support/redis-server";
import { describeUnless } from "../support/skips";

// The store's one-key scripts on a Redis Cluster of three local masters, unchanged: the
// contract, then replay and at-most-once across two app instances (their own processes).
const describeCluster = describeUnless(clusterUnavailableReason);
const CLIENT_ID = "MCH-REDIS";
const SECRET = "SK-REDIS-TEST";

describeCluster("the Redis store on Redis Cluster", () => {
  const cluster = new LocalCluster();
  let client: InstanceType<typeof Redis.Cluster>;
  let dir: string;
  const children: ChildProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    await cluster.start();
    client = new Redis.Cluster(
      cluster.ports.map((port) => ({ host: "127.0.0.1", port })),
      { redisOptions: STORE_CLIENT_OPTIONS },
    );
    await new Promise((r) => client.once("ready", r));
    dir = mkdtempSync(join(tmpdir(), "express-doku-cluster-app-"));
    const env = {
      ...process.env,
      REDIS_CLUSTER: cluster.nodes,
      PREFIX: `c:${randomUUID()}:`,
      LEDGER: join(dir, "ledger.txt"),
      CLIENT_ID,
      SECRET,
    };
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, [resolve(__dirname, "instance.js")], {
        env,
        stdio: ["ignore", "pipe", "inherit"],
      });
      children.push(child);
      const port = await new Promise<number>((done, fail) => {
        child.stdout?.once("data", (chunk: Buffer) => done(JSON.parse(chunk.toString()).port as number));
        child.once("exit", (code) => fail(new Error(`instance exited with ${code}`)));
      });
      urls.push(`http://127.0.0.1:${port}`);
    }
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    client?.disconnect();
    await cluster.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("claims, completes, releases and renews under tokens, on keys spread over the masters", async () => {
    const store = createRedisStore({ client, prefix: `contract:${randomUUID()}:` });
    const answer: Answer = { statusCode: 200, headers: {}, body: Buffer.from("ok") };
    for (const key of ["a", "b", "c", "d", "e", "f"]) {
      const held = await store.claim(key, "fp", 10_000);
      if (held.state !== "claimed") throw new Error(`${key} should be free`);
      expect(await store.claim(key, "fp", 10_000)).toEqual({ state: "pending", fingerprint: "fp" });
      expect(await store.renew(key, held.token, 10_000)).toBe(true);
      expect(await store.complete(key, "someone-else", "fp", answer, 10_000)).toBe(false);
      expect(await store.complete(key, held.token, "fp", answer, 10_000)).toBe(true);
      expect(await store.release(key, held.token)).toBe(false);
      expect((await store.claim(key, "fp", 10_000)).state).toBe("completed");
    }
  });

  it("runs onPayment exactly once for 30 concurrent copies across both instances", async () => {
    const n = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/notify",
      body: buildNotificationBody({ invoiceNumber: "INV-CLUSTER" }),
    });
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fetch(`${urls[i % 2]}/doku/notify`, {
          method: "POST",
          headers: n.headers,
          body: n.body,
          signal: AbortSignal.timeout(15_000),
        }).then((r) => r.status),
      ),
    );
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(
      readFileSync(join(dir, "ledger.txt"), "utf8")
        .trim()
        .split("\n")
        .filter((l) => l.endsWith("INV-CLUSTER")),
    ).toHaveLength(1);
  });

  it("replays an inquiry byte for byte from either instance", async () => {
    const i = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      body: buildInquiryBody({ paymentCode: "777" }),
    });
    const send = async (url: string) => {
      const res = await fetch(`${url}/doku/inquiry`, {
        method: "POST",
        headers: i.headers,
        body: i.body,
        signal: AbortSignal.timeout(10_000),
      });
      return {
        status: res.status,
        signature: res.headers.get("signature"),
        body: Buffer.from(await res.arrayBuffer()),
      };
    };
    const first = await send(urls[0] as string);
    const second = await send(urls[1] as string);
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
  });
});
