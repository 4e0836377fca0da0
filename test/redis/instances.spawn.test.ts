import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../../src/testing";
import { redisUnavailableReason, sharedRedis } from "../support/redis-server";
import { describeUnless } from "../support/skips";

// Two copies of the app, each its own process and port (the built package), one Redis.
const describeRedis = describeUnless(redisUnavailableReason);

const CLIENT_ID = "MCH-REDIS";
const SECRET = "SK-REDIS-TEST";

describeRedis("two app instances sharing one Redis", () => {
  let redis: Awaited<ReturnType<typeof sharedRedis>>;
  beforeAll(async () => {
    redis = await sharedRedis();
  });
  afterAll(() => redis.dispose());

  const instances: Array<{ child: ChildProcess; url: string }> = [];
  let dir: string;
  let ledger: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "express-doku-instances-"));
    ledger = join(dir, "ledger.txt");
    const env = {
      ...process.env,
      REDIS_URL: redis.url,
      PREFIX: `test:${randomUUID()}:`,
      LEDGER: ledger,
      CLIENT_ID,
      SECRET,
    };
    for (let i = 0; i < 2; i++) {
      const child = spawn(process.execPath, [resolve(__dirname, "instance.js")], {
        env,
        stdio: ["ignore", "pipe", "inherit"],
      });
      const port = await new Promise<number>((done, fail) => {
        child.stdout?.once("data", (chunk: Buffer) => done(JSON.parse(chunk.toString()).port as number));
        child.once("exit", (code) => fail(new Error(`instance exited with ${code}`)));
      });
      instances.push({ child, url: `http://127.0.0.1:${port}` });
    }
  }, 20_000);

  afterAll(() => {
    for (const { child } of instances) child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs onPayment exactly once for 50 concurrent copies spread across both", async () => {
    const n = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/notify",
      body: buildNotificationBody({ invoiceNumber: "INV-SHARED" }),
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${instances[i % 2]?.url}/doku/notify`, {
          method: "POST",
          headers: n.headers,
          body: n.body,
          signal: AbortSignal.timeout(15_000),
        }).then((r) => r.status),
      ),
    );
    expect(results.every((s) => s === 200 || s === 409)).toBe(true);
    expect(results.filter((s) => s === 200).length).toBeGreaterThan(0);
    const lines = readFileSync(ledger, "utf8")
      .trim()
      .split("\n")
      .filter((l) => l.endsWith("INV-SHARED"));
    expect(lines).toHaveLength(1);
  });

  it("answers the same inquiry Request-Id byte-identically from either instance", async () => {
    const i = signDokuRequest({
      clientId: CLIENT_ID,
      secretKey: SECRET,
      requestTarget: "/doku/inquiry",
      body: buildInquiryBody({ paymentCode: "555" }),
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
        timestamp: res.headers.get("response-timestamp"),
        body: Buffer.from(await res.arrayBuffer()),
      };
    };
    const first = await send(instances[0]?.url as string);
    await new Promise((r) => setTimeout(r, 1100)); // a fresh answer would carry another Response-Timestamp
    const second = await send(instances[1]?.url as string);
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
  });
});
