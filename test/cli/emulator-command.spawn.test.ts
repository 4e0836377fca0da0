import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

import express from "express";

import { createNotificationRouter } from "../../src";
import { digestBody, formatTimestamp, signComponents } from "../../src/signature";
import { DGPC_PATH, dgpcBody } from "../support/doku-api";
import { observeForSecrets, runCli } from "../support/example-process";
import { listen } from "../support/http";

// `express-doku emulator` as a developer runs it: the built CLI in its own process.
const CLIENT_ID = "MCH-0001-CLI-EMULATOR";
const SECRET = "SK-CLI-EMULATOR";
const CLI = resolve(__dirname, "../../dist/cli/main.js");

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<number | null>;
}

async function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, "emulator", "--port", "0", "--client-id", CLIENT_ID, ...args], {
    env: { PATH: process.env.PATH, DOKU_SECRET_KEY: SECRET },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exit = new Promise<number | null>((done) =>
    child.once("exit", (code) => {
      observeForSecrets(output);
      done(code);
    }),
  );
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the emulator did not start:\n${output}`)), 15_000);
    child.stdout?.on("data", () => {
      const m = /Local DOKU listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Ctrl-C stops it\.\n/.exec(output);
      if (m) {
        clearTimeout(timer);
        done(m[1] as string);
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      fail(new Error(`the emulator exited with ${code}:\n${output}`));
    });
  });
  return { child, url, output: () => output, exit };
}

async function signedCreate(url: string, invoice: string) {
  const bytes = Buffer.from(JSON.stringify(dgpcBody(invoice)));
  const timestamp = formatTimestamp(Date.now());
  const signature = signComponents(
    {
      clientId: CLIENT_ID,
      requestId: `cli-${invoice}`,
      timestamp,
      timestampHeader: "Request-Timestamp",
      requestTarget: DGPC_PATH,
      digest: digestBody(bytes),
    },
    SECRET,
  );
  const response = await fetch(`${url}${DGPC_PATH}`, {
    method: "POST",
    headers: {
      "Client-Id": CLIENT_ID,
      "Request-Id": `cli-${invoice}`,
      "Request-Timestamp": timestamp,
      Signature: signature,
      "Content-Type": "application/json",
    },
    body: bytes,
  });
  return {
    status: response.status,
    json: (await response.json()) as { online_to_offline_info: { payment_code: string } },
  };
}

it("prints where it is and what to give the app, one line per call, and stops cleanly on Ctrl-C", async () => {
  const paid: string[] = [];
  const shop = await listen(
    express().use(
      createNotificationRouter({
        path: "/doku/notify",
        clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }],
        onPayment: async (n) => void paid.push(n.order.invoice_number),
      }),
    ),
  );
  const running = await startCli(["--notification-url", `${shop.url}/doku/notify`, "--code-prefix", "7777"]);
  try {
    expect(running.output()).toContain(`  cashier page:      ${running.url}/\n`);
    expect(running.output()).toContain(
      `  for your app:      DOKU base URL ${running.url}, Client-Id ${CLIENT_ID}, the secret key in DOKU_SECRET_KEY\n`,
    );
    expect(running.output()).toContain(
      "  Inquiry URL:       none (Direct Inquiry codes are refused; pass --inquiry-url)\n",
    );
    expect(running.output()).toContain(`  Notification URL:  ${shop.url}/doku/notify\n`);

    const created = await signedCreate(running.url, "INV-CLI-1");
    expect(created.status).toBe(200);
    const code = created.json.online_to_offline_info.payment_code;
    expect(code).toMatch(/^7777\d{12}$/);
    const pay = await fetch(`${running.url}/_emulator/pay`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ payment_code: code }),
    });
    expect(((await pay.json()) as { paid: boolean }).paid).toBe(true);
    expect(paid).toEqual(["INV-CLI-1"]);
    expect(running.output()).toMatch(
      /\d\d:\d\d:\d\d <- create POST \/alfa-online-to-offline\/v2\/payment-code 200 {2}signature ok {2}Request-Id cli-INV-CLI-1\n/,
    );
    expect(running.output()).toMatch(
      /-> notification POST http:\/\/127\.0\.0\.1:\d+\/doku\/notify 200 {2}\(attempt 1\) {2}Request-Id [0-9a-f-]{36}\n/,
    );
  } finally {
    running.child.kill("SIGINT");
    expect(await running.exit).toBe(0);
    await shop.close();
  }
  expect(running.output()).toMatch(/Local DOKU stopped\.\n$/);
  expect(running.output()).not.toContain(SECRET);
});

it("says what is missing, and which port is taken, with exit 2", async () => {
  const noKey = await runCli(["emulator", "--client-id", CLIENT_ID], {});
  expect(noKey).toMatchObject({
    code: 2,
    stderr: "express-doku: no secret key: set DOKU_SECRET_KEY to the app's secret key (or pass --secret-key)\n",
  });
  const noClient = await runCli(["emulator"], { DOKU_SECRET_KEY: SECRET });
  expect(noClient).toMatchObject({
    code: 2,
    stderr: "express-doku: --client-id is required; see express-doku --help\n",
  });
  const badUrl = await runCli(["emulator", "--client-id", CLIENT_ID, "--inquiry-url", "localhost:3000"], {
    DOKU_SECRET_KEY: SECRET,
  });
  expect(badUrl.code).toBe(2);
  expect(badUrl.stderr).toBe(
    'express-doku: --inquiry-url must be an http(s) URL such as http://127.0.0.1:3000/doku/notify; got "localhost:3000"\n',
  );

  const first = await startCli([]);
  try {
    const port = new URL(first.url).port;
    const taken = await runCli(["emulator", "--client-id", CLIENT_ID, "--port", port], { DOKU_SECRET_KEY: SECRET });
    expect(taken).toMatchObject({
      code: 2,
      stderr: `express-doku: port ${port} is taken; stop what runs there or pass another --port\n`,
    });
  } finally {
    first.child.kill("SIGTERM");
    expect(await first.exit).toBe(0);
  }
});
