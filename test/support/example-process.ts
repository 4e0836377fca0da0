import { type ChildProcess, execFile, spawn } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";

const ROOT = resolve(__dirname, "../..");

/** Child processes' output goes to the suite's secret watch too (test/support/guards.ts). */
export function observeForSecrets(text: string): void {
  (globalThis as { __observeForSecrets?: (t: string) => void }).__observeForSecrets?.(text);
}
export const EXAMPLE_CLIENT_ID = "MCH-0001-EXAMPLE-TEST";
export const EXAMPLE_SECRET = "SK-EXAMPLE-TEST";

export interface RunningExample {
  url: string;
  /** The local DOKU the shop started (DOKU_ENV=local). */
  dokuUrl: string;
  output: () => string;
  stop(): Promise<void>;
}

/** `node example-app/server.js` as `npm start` runs it, on free ports and the given database file. */
export async function startExample(databasePath: string, env: Record<string, string> = {}): Promise<RunningExample> {
  const child: ChildProcess = spawn(process.execPath, [resolve(ROOT, "example-app/server.js")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: "0",
      DOKU_EMULATOR_PORT: "0",
      DATABASE_PATH: databasePath,
      DOKU_CLIENT_ID: EXAMPLE_CLIENT_ID,
      DOKU_SECRET_KEY: EXAMPLE_SECRET,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  const [url, dokuUrl] = await new Promise<[string, string]>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the example did not start:\n${output}`)), 15_000);
    child.stdout?.on("data", () => {
      // The last line it prints on start is the pasteable order-and-pay command: wait for all of it.
      const m =
        /on (http:\/\/127\.0\.0\.1:\d+) \(database[\s\S]*Local DOKU on (http:\/\/127\.0\.0\.1:\d+);[\s\S]*-d @-\n/.exec(
          output,
        );
      if (m) {
        clearTimeout(timer);
        done([m[1] as string, m[2] as string]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`the example exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dokuUrl,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        observeForSecrets(output);
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}

/** The example started with variables that stop it: its exit code and what it said. */
export function runExampleExpectingExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(ROOT, "example-app/server.js")], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: "0", DOKU_EMULATOR_PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on("data", (c: Buffer) => {
      output += c.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      observeForSecrets(output);
      done({ code, output });
    });
  });
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built simulator CLI in its own process, with only PATH and the given variables. */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined> = { DOKU_SECRET_KEY: EXAMPLE_SECRET },
): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [resolve(ROOT, "dist/cli/main.js"), ...args],
      {
        env: { PATH: process.env.PATH, ...env },
        timeout: 30_000,
      },
    );
    observeForSecrets(stdout + stderr);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    observeForSecrets(e.stdout + e.stderr);
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export function payArgs(base: string, paymentCode: string, extra: string[] = []): string[] {
  return [
    "simulate",
    "pay",
    "--inquiry-url",
    `${base}/doku/inquiry`,
    "--notify-url",
    `${base}/doku/notify`,
    "--client-id",
    EXAMPLE_CLIENT_ID,
    "--payment-code",
    paymentCode,
    ...extra,
  ];
}

/** Reconciliation fast enough that a dropped notification or a lost create is found within a test. */
export const FAST_RECONCILIATION = {
  RECONCILE_INTERVAL_MS: "200",
  RECONCILE_MIN_AGE_MS: "0",
  RECONCILE_CALLS_PER_MINUTE: "6000",
  DOKU_TIMEOUT_MS: "300",
};

/** An order as the example's /api/orders answers it. */
export interface ExampleOrder {
  invoice_number: string;
  payment_code: string | null;
  method: string;
  state: string;
  expired_at: string;
  how_to_pay_url: string | null;
  paid: { at: string; agent_id: string; store_id: string; trx_id: string } | null;
  field?: string;
  reason?: string;
}

/** The example's order API and its local DOKU's /_emulator routes; `example` is read at each call. */
export function exampleCalls(example: () => RunningExample) {
  return {
    async createOrder(body: Record<string, unknown>) {
      const res = await fetch(`${example().url}/api/orders`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as ExampleOrder };
    },
    orderOf: async (invoice: string) =>
      (await (await fetch(`${example().url}/api/orders/${invoice}`)).json()) as ExampleOrder,
    doku: async (path: string, body?: unknown) => {
      const res = await fetch(
        `${example().dokuUrl}/_emulator/${path}`,
        body === undefined
          ? {}
          : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
      );
      return (await res.json()) as any;
    },
  };
}

/** Asks `check` every 100 ms until it is true; throws naming `what` after 10 s. */
export async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++)
    if (await check()) return;
    else await new Promise((r) => setTimeout(r, 100));
  throw new Error(`timed out waiting for ${what}`);
}
