import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { buildNotificationBody, signDokuRequest } from "../../src/testing";
import { redisUnavailableReason, sharedRedis } from "../support/redis-server";
import { describeUnless } from "../support/skips";

// kill -9 an instance while its onPayment runs: its renewed lease keeps the other instance at
// 409; once the holder is gone and the lease runs out, exactly one more run.
const describeRedis = describeUnless(redisUnavailableReason);
const CLIENT_ID = "MCH-REDIS";
const SECRET = "SK-REDIS-TEST";

describeRedis("a lease across two instances on one Redis", () => {
  let redis: Awaited<ReturnType<typeof sharedRedis>>;
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await sharedRedis();
    dir = mkdtempSync(join(tmpdir(), "express-doku-lease-"));
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    await redis.dispose();
  });

  async function instance(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn(process.execPath, [resolve(__dirname, "instance.js")], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    const port = await new Promise<number>((done, fail) => {
      child.stdout?.once("data", (chunk: Buffer) => done(JSON.parse(chunk.toString()).port as number));
      child.once("exit", (code) => fail(new Error(`instance exited with ${code}`)));
    });
    return { child, url: `http://127.0.0.1:${port}` };
  }

  it("holds while the handler runs, then runs exactly once more after the holder died", async () => {
    const starts = join(dir, "starts.txt");
    const shared = {
      REDIS_URL: redis.url,
      PREFIX: `lease:${randomUUID()}:`,
      LEDGER: join(dir, "ledger.txt"),
      STARTS: starts,
      CLIENT_ID,
      SECRET,
      LEASE_MS: "3000",
      TIMEOUT_MS: "400",
    };
    const holder = await instance({ ...shared, HANDLER_MS: "60000" });
    const other = await instance({ ...shared, HANDLER_MS: "50" });
    const body = buildNotificationBody({ invoiceNumber: "INV-KILLED", agentTrxId: "TRX-KILLED" });
    const send = async (url: string) => {
      const s = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: "/doku/notify", body });
      return (
        await fetch(`${url}/doku/notify`, {
          method: "POST",
          headers: s.headers,
          body: s.body,
          signal: AbortSignal.timeout(10_000),
        })
      ).status;
    };
    const runs = () =>
      existsSync(starts)
        ? readFileSync(starts, "utf8")
            .trim()
            .split("\n")
            .filter((l) => l.endsWith("INV-KILLED"))
        : [];

    expect(await send(holder.url)).toBe(500); // past timeoutMs; the handler goes on, its lease renewed
    await sleep(1_000);
    expect(await send(other.url)).toBe(409);
    await sleep(2_500); // past the first 3 s lease
    expect(await send(other.url)).toBe(409);
    expect(runs()).toHaveLength(1);

    holder.child.kill("SIGKILL");
    const statuses: number[] = [];
    for (let i = 0; i < 20 && statuses.at(-1) !== 200; i++) {
      statuses.push(await send(other.url));
      if (statuses.at(-1) !== 200) await sleep(300);
    }
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.slice(0, -1).every((s) => s === 409)).toBe(true);
    expect(await send(other.url)).toBe(200);
    expect(runs()).toHaveLength(2);
  }, 30_000);
});
