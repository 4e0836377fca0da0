import { createSecretKey } from "node:crypto";

import express from "express";

import { createInquiryRouter, type DokuEvent } from "../../src";
import { signedJsonAnswer } from "../../src/http/answer";
import type { SqliteDatabaseLike } from "../../src/sqlite";
import { runCli } from "../support/example-process";
import { listen, type Running } from "../support/http";

// The simulator as a merchant runs it: the built CLI, in its own process, against real apps.
const CLIENT_ID = "MCH-0001-SIM";
const SECRET = "SK-SIMULATOR-TEST";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createMerchantApp } = require("../../example-app/app") as {
  createMerchantApp(o: { clientId: string; secretKey: string; bills?: unknown; inbox?: unknown }): express.Express;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createBillBook: createBook } = require("../../example-app/bills") as {
  createBillBook(
    db: unknown,
    now?: () => number,
  ): { create(o: object): { payment_code: string; invoice_number: string } };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { openDatabase } = require("../../example-app/database") as { openDatabase(path: string): SqliteDatabaseLike };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sqliteInbox } = require("express-doku/sqlite") as typeof import("../../src/sqlite");
/** The example's bill book and notification inbox on a fresh database, migrated as its server.js does. */
async function openShop(now?: () => number) {
  const db = openDatabase(":memory:");
  const inbox = sqliteInbox({ db });
  await inbox.migrate();
  return { bills: createBook(db, now), inbox };
}

const cli = (args: string[], env: Record<string, string | undefined> = { DOKU_SECRET_KEY: SECRET }) =>
  runCli(args, env);

let merchant: Running;
let bills: Awaited<ReturnType<typeof openShop>>["bills"];

beforeAll(async () => {
  const shop = await openShop();
  bills = shop.bills;
  merchant = await listen(createMerchantApp({ clientId: CLIENT_ID, secretKey: SECRET, ...shop }));
});
afterAll(() => merchant.close());

const pay = (code: string, extra: string[] = []) =>
  cli([
    "simulate",
    "pay",
    "--inquiry-url",
    `${merchant.url}/doku/inquiry`,
    "--notify-url",
    `${merchant.url}/doku/notify`,
    "--client-id",
    CLIENT_ID,
    "--payment-code",
    code,
    ...extra,
  ]);

describe("express-doku simulate", () => {
  it("pays a bill: inquiry, verified answer, notification", async () => {
    const bill = bills.create({ amount: 150000, customerName: "Ani", expiresInMinutes: 60 });
    const run = await pay(bill.payment_code);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("status success");
    expect(run.stdout).toContain(`invoice ${bill.invoice_number}, amount 150000`);
    expect(run.stdout).toContain("answer signature: verified");
    expect(run.stdout).toMatch(
      /Notification -> .*\n\s+sent: status SUCCESS, invoice INV-\S+, amount 150000, AGENT_TRX_ID \S+\n\s+again: .*\n\s+HTTP 200/,
    );
    expect(run.stdout).not.toContain("\u001b["); // no colours off a TTY

    const again = await pay(bill.payment_code, ["--json"]);
    expect(again.code).toBe(3);
    const report = JSON.parse(again.stdout);
    expect(report).toMatchObject({ ok: true, customerCanPay: false });
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0]).toMatchObject({
      inquiryStatus: "billing_already_paid",
      httpStatus: 400,
      signatureValid: true,
      customerCanPay: false,
      advice: "the customer cannot pay: the bill is already paid (billing_already_paid)",
    });
  });

  it.each([["billing_not_found", "4242", 404]])(
    "reports %s over inquiry, exit 3: a correct answer, but the customer cannot pay",
    async (status, code, http) => {
      const run = await cli([
        "simulate",
        "inquiry",
        "--url",
        `${merchant.url}/doku/inquiry`,
        "--client-id",
        CLIENT_ID,
        "--payment-code",
        code,
        "--json",
      ]);
      expect(run.code).toBe(3);
      expect(JSON.parse(run.stdout).steps[0]).toMatchObject({
        inquiryStatus: status,
        httpStatus: http,
        signatureValid: true,
        problems: [],
        customerCanPay: false,
      });
    },
  );

  it("reports billing_was_expired", async () => {
    let clock = Date.now();
    const expired = await openShop(() => clock);
    const bill = expired.bills.create({ amount: 1000, customerName: "Budi", expiresInMinutes: 1 });
    clock += 2 * 60_000;
    const app = await listen(createMerchantApp({ clientId: CLIENT_ID, secretKey: SECRET, ...expired }));
    try {
      const run = await cli([
        "simulate",
        "inquiry",
        "--url",
        `${app.url}/doku/inquiry`,
        "--client-id",
        CLIENT_ID,
        "--payment-code",
        bill.payment_code,
      ]);
      expect(run.stdout).toContain("HTTP 400, status billing_was_expired");
    } finally {
      await app.close();
    }
  });

  it("sends a notification on its own", async () => {
    const bill = bills.create({ amount: 5000, customerName: "Citra", expiresInMinutes: 60 });
    const run = await cli([
      "simulate",
      "notify",
      "--url",
      `${merchant.url}/doku/notify`,
      "--client-id",
      CLIENT_ID,
      "--invoice",
      bill.invoice_number,
      "--amount",
      "5000",
      "--payment-code",
      bill.payment_code,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("HTTP 200");
  });

  it("says the app refused the signature when the secret differs", async () => {
    const run = await cli(
      ["simulate", "inquiry", "--url", `${merchant.url}/doku/inquiry`, "--client-id", CLIENT_ID, "--payment-code", "1"],
      { DOKU_SECRET_KEY: "SK-WRONG" },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("status invalid_signature");
    expect(run.stdout).toMatch(/secret key or Client-Id here differs/);
  });

  describe("against a server that signs badly", () => {
    let bad: Running;
    beforeAll(async () => {
      const app = express();
      app.post("/other-key", (req, res) => {
        const a = signedJsonAnswer(
          404,
          { online_to_offline_inquiry: { status: "billing_not_found" } },
          {
            clientId: String(req.headers["client-id"]),
            requestId: String(req.headers["request-id"]),
            requestTarget: "/other-key",
            key: createSecretKey(Buffer.from("SK-SOMEONE-ELSE")),
            nowMs: Date.now(),
          },
        );
        res.status(404).set(a.headers).send(a.body);
      });
      app.post("/reserialised", (req, res) => {
        const a = signedJsonAnswer(
          404,
          { online_to_offline_inquiry: { status: "billing_not_found" } },
          {
            clientId: String(req.headers["client-id"]),
            requestId: String(req.headers["request-id"]),
            requestTarget: "/reserialised",
            key: createSecretKey(Buffer.from(SECRET)),
            nowMs: Date.now(),
          },
        );
        res
          .status(404)
          .set(a.headers)
          .send(JSON.stringify(JSON.parse(a.body.toString()), null, 2));
      });
      app.post("/html", (_req, res) => {
        res.status(200).send("<html>hello</html>");
      });
      app.post("/slow", () => {
        /* never answers */
      });
      bad = await listen(app);
    });
    afterAll(() => bad.close());

    const inquiry = (path: string, extra: string[] = []) =>
      cli([
        "simulate",
        "inquiry",
        "--url",
        `${bad.url}${path}`,
        "--client-id",
        CLIENT_ID,
        "--payment-code",
        "1",
        ...extra,
      ]);

    it("diagnoses another key", async () => {
      const run = await inquiry("/other-key");
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("does NOT verify");
      expect(run.stdout).toContain("another secret key");
    });

    it("diagnoses an answer re-serialised after signing", async () => {
      const run = await inquiry("/reserialised");
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("re-serialised");
    });

    it("says when the answer is not JSON", async () => {
      const run = await inquiry("/html");
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("is not JSON");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it("gives up after --timeout", async () => {
      const run = await inquiry("/slow", ["--timeout", "0.3"]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("did not answer within 300 ms");
    });
  });

  it("says when the app is down", async () => {
    const down = await listen(express());
    const url = down.url;
    await down.close();
    const run = await cli([
      "simulate",
      "inquiry",
      "--url",
      `${url}/doku/inquiry`,
      "--client-id",
      CLIENT_ID,
      "--payment-code",
      "1",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot reach .* \(ECONNREFUSED\); is the app running/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("asks for the secret, warns about --secret-key, and explains usage", async () => {
    const noSecret = await cli(
      ["simulate", "inquiry", "--url", "http://127.0.0.1:1/x", "--client-id", "A", "--payment-code", "1"],
      {},
    );
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain("DOKU_SECRET_KEY");
    const flag = await cli(
      ["simulate", "inquiry", "--url", "not a url", "--client-id", "A", "--payment-code", "1", "--secret-key", "x"],
      {},
    );
    expect(flag.stderr).toContain("shell history");
    expect(flag.stderr).toContain("is not a URL");
    const usage = await cli(["nothing"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("simulate pay");
    expect((await cli(["--help"])).code).toBe(0);
    expect((await cli(["simulate", "inquiry", "--client-id", "A", "--payment-code", "1"])).stderr).toContain(
      "--url is required",
    );
  });

  describe("the app's own story", () => {
    let story: Running;
    const events: DokuEvent[] = [];
    beforeAll(async () => {
      const app = express();
      const router = (path: string) =>
        createInquiryRouter({
          path,
          clients: [{ clientId: CLIENT_ID, secretKeys: [SECRET] }],
          onEvent: (e) => void events.push(e),
          lookupPaymentCode: () => {
            throw new Error("db down");
          },
        });
      app.use(router("/throws"));
      app.use(express.json());
      app.use(router("/behind-json"));
      story = await listen(app);
    });
    afterAll(() => story.close());

    const inquiry = (path: string, env?: Record<string, string>) =>
      cli(
        ["simulate", "inquiry", "--url", `${story.url}${path}`, "--client-id", CLIENT_ID, "--payment-code", "1"],
        env,
      );

    it("behind express.json(): the app's 500 body_already_consumed and the fix, exit 1", async () => {
      const run = await inquiry("/behind-json");
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        "✗ the app answered 500 body_already_consumed: another middleware (express.json()?) read the request body before the DOKU router; mount the router before your body parsers",
      );
      expect(run.stdout).not.toContain("is undefined");
    });

    it("a resolver that threw: the customer cannot pay and where to look, exit 3", async () => {
      events.length = 0;
      const run = await inquiry("/throws");
      expect(run.code).toBe(3);
      expect(run.stdout).toContain("HTTP 400, status decline");
      expect(run.stdout).toMatch(
        /✗ the customer cannot pay: the app declined\. .*the app's log \(or its onEvent\) for reason resolver_error, /,
      );
      expect(events.map((e) => e.reason)).toEqual(["resolver_error"]);
    });

    it("warns about a secret key with whitespace around it", async () => {
      const run = await inquiry("/throws", { DOKU_SECRET_KEY: `${SECRET} ` });
      expect(run.stderr).toBe(
        "warning: DOKU_SECRET_KEY has leading or trailing whitespace; copy the key from the DOKU Back Office again (the routers refuse such a key at start)\n",
      );
      expect(run.stdout).toContain("status invalid_signature");
    });
  });

  it("--version, and the nearest flag for an unknown one", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require("../../package.json") as { version: string };
    expect(await cli(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect(await cli(["simulate", "inquiry", "--paymnet-code", "1"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "express-doku: unknown option --paymnet-code; did you mean --payment-code?\n",
    });
  });
});
