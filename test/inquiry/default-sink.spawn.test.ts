import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

import { buildInquiryBody, buildNotificationBody, signDokuRequest } from "../../src/testing";
import { observeForSecrets } from "../support/example-process";

// A merchant who wired no onEvent: the app in its own process, and what it prints on stderr.
const ROOT = resolve(__dirname, "../..");
const CLIENT_ID = "MCH-SINK";
const SECRET = "SK-SINK-TEST";
const PAYMENT_CODE = "8896512345678123";

interface RunningApp {
  url: string;
  /** Stops the app and gives everything it wrote on stderr. */
  stop(): Promise<string>;
}

async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const express4 = (globalThis as { EXPRESS_MAJOR?: number }).EXPRESS_MAJOR === 4;
  const child: ChildProcess = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", resolve(__dirname, "default-sink-app.ts")],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        TS_NODE_PROJECT: resolve(ROOT, "tsconfig.json"),
        EXPRESS_MODULE: express4 ? "express4" : "express",
        CLIENT_ID,
        SECRET,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const port = await new Promise<number>((done, fail) => {
    child.stdout?.once("data", (c: Buffer) => done((JSON.parse(c.toString()) as { port: number }).port));
    child.once("exit", (code) => fail(new Error(`the app exited with ${code}:\n${stderr}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((done) => {
        child.once("exit", () => {
          observeForSecrets(stderr);
          done(stderr);
        });
        child.kill("SIGTERM");
      }),
  };
}

async function post(url: string, path: string, body: object, requestId: string): Promise<number> {
  const s = signDokuRequest({ clientId: CLIENT_ID, secretKey: SECRET, requestTarget: path, body, requestId });
  const res = await fetch(url + path, { method: "POST", headers: s.headers, body: s.body });
  await res.arrayBuffer();
  return res.status;
}

/**
 * The four mistakes (a resolver's bad result, a throwing onPayment, a consumed body, the mount
 * prefix twice), then an answer and a refusal, which are not the merchant's to fix.
 */
async function makeMistakes(url: string): Promise<number[]> {
  const inquiry = buildInquiryBody({ paymentCode: PAYMENT_CODE });
  const forged = signDokuRequest({
    clientId: CLIENT_ID,
    secretKey: "SK-WRONG",
    requestTarget: "/doku/inquiry",
    body: inquiry,
  });
  return [
    await post(url, "/doku/inquiry", inquiry, "rid-bad-result"),
    await post(url, "/doku/notify", buildNotificationBody({ paymentCode: PAYMENT_CODE }), "rid-db-down"),
    await post(url, "/parsed/inquiry", inquiry, "rid-parsed"),
    await post(url, "/shop/inquiry", inquiry, "rid-doubled"),
    await post(url, "/shop/shop/inquiry", inquiry, "rid-answered"),
    (await fetch(`${url}/doku/inquiry`, { method: "POST", headers: forged.headers, body: forged.body })).status,
  ];
}

describe("an app with no onEvent", () => {
  it("prints each error event on stderr, one line each, naming its reason, its cause and its Request-Id; nothing else", async () => {
    const app = await startApp();
    const statuses = await makeMistakes(app.url);
    const stderr = await app.stop();
    expect(statuses).toEqual([400, 500, 500, 404, 404, 401]);
    const lines = stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/invalid_resolver_result.*order\.amount.*rid-bad-result/);
    expect(lines[1]).toMatch(/handler_error.*db down.*rid-db-down/);
    expect(lines[2]).toMatch(/body_already_consumed.*express\.json\(\).*rid-parsed/);
    expect(lines[3]).toMatch(/path_mismatch.*mounted under \/shop: give path '\/inquiry'.*rid-doubled/);
    // Nothing of the customer's: no name, email, amount or payment code; no secret.
    for (const personal of ["Budi", "budi.santoso@example.com", "150000", PAYMENT_CODE, SECRET]) {
      expect(stderr).not.toContain(personal);
    }
  }, 30_000);

  it("prints nothing with onEvent: false", async () => {
    const app = await startApp({ ON_EVENT: "false" });
    const statuses = await makeMistakes(app.url);
    expect(await app.stop()).toBe("");
    expect(statuses).toEqual([400, 500, 500, 404, 404, 401]);
  }, 30_000);
});
